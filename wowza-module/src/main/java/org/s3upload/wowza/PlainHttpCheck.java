package org.s3upload.wowza;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds provider settings that send recordings over plain {@code http} to another machine. Done
 * in the module, not in each provider, because the SPI gives providers no log, and an operator
 * should hear about it whichever provider is used. Loopback is fine (tests, a local gateway).
 */
final class PlainHttpCheck {
    private PlainHttpCheck() {
    }

    /** One warning per setting whose value is an {@code http://} URL to a host that is not loopback. */
    static List<String> warnings(String providerId, Map<String, String> config) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> e : config.entrySet()) {
            String v = e.getValue() == null ? "" : e.getValue().trim();
            if (!v.toLowerCase(Locale.ROOT).startsWith("http://")) {
                continue;
            }
            String host;
            try {
                host = new URI(v).getHost();
            } catch (URISyntaxException ex) {
                continue; // the provider reports a malformed URL itself
            }
            if (host == null || isLoopback(host)) {
                continue;
            }
            // Name the host and the key only: the URL itself might carry credentials.
            out.add("provider '" + providerId + "' setting '" + e.getKey() + "' sends recordings unencrypted over"
                    + " plain http to " + host + "; use an https URL unless this network is trusted");
        }
        return out;
    }

    private static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]") || h.equals("::1");
    }
}
