package org.s3upload.wowza;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.s3upload.spi.notify.CompletionListener;
import org.s3upload.wowza.notify.WebhookListener;

/**
 * The application's completion listeners: the built-in webhook (s3UploadWebhookUrl), the classes
 * named in s3UploadListeners, and every {@link CompletionListener} that {@link ServiceLoader} finds
 * from the module's class loader. A listener that cannot be made is a configuration problem (the
 * module then journals recordings until it is fixed), never a silently missing notification.
 */
final class CompletionListeners {
    private CompletionListeners() {
    }

    static List<CompletionListener> load(ModuleSettings settings, ClassLoader loader, List<String> problems) {
        List<CompletionListener> out = new ArrayList<>();
        String url = settings.webhookUrl();
        if (url != null) {
            try {
                out.add(WebhookListener.create(url, settings.webhookSecret()));
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        } else if (settings.webhookSecret() != null) {
            problems.add("s3UploadWebhookSecret is set but s3UploadWebhookUrl is not: set the URL the events are posted to,"
                    + " or remove the secret");
        }
        for (String name : settings.listenerClasses()) {
            try {
                Class<?> c = Class.forName(name, true, loader);
                if (!CompletionListener.class.isAssignableFrom(c)) {
                    problems.add("s3UploadListeners names " + name + ", which does not implement "
                            + CompletionListener.class.getName());
                    continue;
                }
                add(out, (CompletionListener) c.getConstructor().newInstance(), problems);
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                problems.add("s3UploadListeners names " + name + ", which cannot be created (" + e + "): put its JAR next to"
                        + " the module's and give it a public no-argument constructor");
            }
        }
        try {
            Iterator<CompletionListener> it = ServiceLoader.load(CompletionListener.class, loader).iterator();
            while (it.hasNext()) {
                CompletionListener l = it.next();
                if (!named(out, l.getClass())) {
                    add(out, l, problems);
                }
            }
        } catch (ServiceConfigurationError | LinkageError e) {
            problems.add("a completion listener listed in META-INF/services/" + CompletionListener.class.getName()
                    + " cannot be loaded (" + e.getMessage() + "); fix or remove its JAR");
        }
        return out;
    }

    private static boolean named(List<CompletionListener> out, Class<?> c) {
        for (CompletionListener l : out) {
            if (l.getClass() == c) {
                return true;
            }
        }
        return false;
    }

    private static void add(List<CompletionListener> out, CompletionListener l, List<String> problems) {
        for (CompletionListener o : out) {
            if (o.name().equals(l.name())) {
                problems.add("two completion listeners are named '" + l.name() + "' (" + o.getClass().getName() + ", "
                        + l.getClass().getName() + "); CompletionListener.name() must differ");
                return;
            }
        }
        out.add(l);
    }
}
