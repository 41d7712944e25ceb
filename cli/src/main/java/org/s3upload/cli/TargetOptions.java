package org.s3upload.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.s3upload.api.ProviderDiscovery;
import org.s3upload.api.UploadException;
import org.s3upload.api.UploadTarget;
import org.s3upload.api.UploadTargets;
import org.s3upload.spi.ConfigKey;
import org.s3upload.spi.UploadTargetProvider;
import org.s3upload.wowza.ProviderConfiguration;
import picocli.CommandLine.Option;

/**
 * How a command reaches the target: the module's properties (a properties file or the
 * Application.xml itself), the provider JAR, and the secret key from a file or the environment.
 * The provider is chosen and configured exactly as the module does it, through the module's own
 * reading of its properties.
 */
final class TargetOptions {
    static final String SECRET_ENV = "S3UPLOAD_SECRET_KEY";
    static final String AWS_SECRET_ENV = "AWS_SECRET_ACCESS_KEY";

    @Option(names = "--config", paramLabel = "FILE",
            description = "A properties file with the module's property names (s3UploadTarget, s3UploadBucketName, s3Upload.s3.endpoint, ...).")
    Path config;

    @Option(names = "--application-xml", paramLabel = "PATH",
            description = "The application's Application.xml: its /Root/Application/Properties are read as the module reads them, the original module's s3Upload* names included.")
    Path applicationXml;

    @Option(names = "--provider-jar", paramLabel = "PATH",
            description = "A provider JAR, or a folder of JARs such as [install-dir]/lib (repeatable). Default: the classpath, then the provider JARs in the distribution's lib/.")
    List<Path> providerJars = new ArrayList<>();

    @Option(names = "--secret-key-file", paramLabel = "FILE",
            description = "A file holding the secret key alone. Otherwise the secret key comes from $" + SECRET_ENV
                    + ", the configuration, or $" + AWS_SECRET_ENV + " (when an access key is configured without one).")
    Path secretKeyFile;

    @Option(names = "--target", paramLabel = "ID", description = "The provider id; overrides s3UploadTarget.")
    String providerId;

    /** The configured target, open; the caller closes it. */
    Opened open(Terminal t) throws CliProblem {
        Map<String, Object> props = ConfigFiles.properties(config, applicationXml);
        ProviderConfiguration conf = ProviderConfiguration.of(props);
        List<Path> jars = providerJars;
        ClassLoader own = TargetOptions.class.getClassLoader();
        ProviderDiscovery found = UploadTargets.discover(ProviderJars.loader(jars, own));
        if (jars.isEmpty() && found.providers().isEmpty() && found.conflicts().isEmpty()) {
            found = UploadTargets.discover(ProviderJars.loader(ProviderJars.besideTheTool(), own));
        }
        String id = providerId != null ? providerId.trim() : conf.providerIdAmong(found.providers().keySet());
        UploadTargetProvider provider;
        try {
            provider = UploadTargets.select(found, id);
        } catch (UploadException e) {
            throw CliProblem.usage(e.getMessage() + " (the tool reads the provider id from "
                    + ProviderConfiguration.providerIdProperty() + " or --target, and finds providers on its classpath"
                    + " or with --provider-jar)");
        }
        Set<String> secretKeys = new TreeSet<>();
        for (ConfigKey k : provider.configKeys()) {
            if (k.secret()) {
                secretKeys.add(k.name());
            }
        }
        for (String s : conf.secretValues(secretKeys)) {
            t.secrets.add(s);
        }
        conf = withSecret(t, conf, props, provider, secretKeys);
        for (String w : conf.warnings()) {
            t.err("warning: " + w);
        }
        String prefix = conf.filePrefix();
        try {
            return new Opened(UploadTargets.create(provider, conf.providerConfig(provider.id())), prefix);
        } catch (UploadException e) {
            throw new CliProblem(e.kind() == UploadException.Kind.RETRYABLE ? ExitCodes.FAILED : ExitCodes.USAGE,
                    "cannot open the target of provider '" + provider.id() + "': " + e.getMessage());
        } catch (RuntimeException e) {
            throw CliProblem.usage("provider '" + provider.id() + "' refused the configuration: " + e);
        }
    }

    /** The secret key from --secret-key-file or the environment, set as the provider's secret key. */
    private ProviderConfiguration withSecret(Terminal t, ProviderConfiguration conf, Map<String, Object> props,
                                             UploadTargetProvider provider, Set<String> secretKeys) throws CliProblem {
        String fromFile = secretKeyFile == null ? null : ConfigFiles.secretFile(secretKeyFile);
        String fromEnv = blankToNull(t.env.get(SECRET_ENV));
        String given = fromFile != null ? fromFile : fromEnv;
        if (given == null && secretKeys.size() == 1) {
            Map<String, String> cfg = conf.providerConfig(provider.id());
            String key = secretKeys.iterator().next();
            boolean accessKeyAlone = cfg.get(key) == null && (cfg.get("accessKey") != null
                    || props.get("s3UploadAccessKey") != null && props.get("s3UploadSecretKey") == null);
            if (accessKeyAlone) {
                given = blankToNull(t.env.get(AWS_SECRET_ENV));
            }
        }
        if (given == null) {
            return conf;
        }
        t.secrets.add(given);
        if (secretKeys.size() != 1) {
            if (fromFile == null) {
                return conf; // an environment variable meant for another provider
            }
            throw CliProblem.usage("--secret-key-file is given, but provider '" + provider.id() + "' declares "
                    + (secretKeys.isEmpty() ? "no secret key" : "several secret keys " + secretKeys)
                    + "; leave the option out and configure the provider's keys in the configuration");
        }
        return conf.withProviderValue(provider.id(), secretKeys.iterator().next(), given);
    }

    private static String blankToNull(String s) {
        return s == null || s.trim().isEmpty() ? null : s;
    }

    /** An open target and the key prefix the module writes under ({@code s3UploadFilePrefix}; null when only Wowza can decode it). */
    static final class Opened implements AutoCloseable {
        final UploadTarget target;
        final String filePrefix;

        Opened(UploadTarget target, String filePrefix) {
            this.target = target;
            this.filePrefix = filePrefix;
        }

        @Override
        public void close() {
            target.close();
        }
    }
}
