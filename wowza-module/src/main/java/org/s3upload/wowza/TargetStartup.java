package org.s3upload.wowza;

import com.wowza.wms.application.IApplicationInstance;
import java.util.ArrayList;
import java.util.List;
import org.s3upload.api.ProviderDiscovery;
import org.s3upload.api.UploadException;
import org.s3upload.api.UploadTarget;
import org.s3upload.api.UploadTargets;
import org.s3upload.spi.UploadTargetProvider;
import org.s3upload.spi.notify.CompletionListener;
import org.s3upload.wowza.engine.EngineSettings;
import org.s3upload.wowza.engine.UploadEngine;
import org.s3upload.wowza.engine.UploadLog;
import org.s3upload.wowza.notify.WebhookListener;

/**
 * The body of the start-up thread: creates the upload target off Wowza's thread (a provider may
 * contact its storage then, as the s3 provider's checkBucket does), retrying with backoff while the
 * storage cannot be reached, then starts the engine that uploads and hands the starting engine's
 * recordings over to it. A target that cannot be made leaves an engine that only journals.
 */
final class TargetStartup implements Runnable {
    private final ModuleLifecycle lifecycle;
    private final IApplicationInstance instance;
    private final ModuleSettings settings;
    private final EngineSettings config;
    private final UploadEngine starting;
    private final UploadLog out;

    TargetStartup(ModuleLifecycle lifecycle, IApplicationInstance instance, ModuleSettings settings, EngineSettings config,
                  UploadEngine starting, UploadLog out) {
        this.lifecycle = lifecycle;
        this.instance = instance;
        this.settings = settings;
        this.config = config;
        this.starting = starting;
        this.out = out;
    }

    @Override
    public void run() {
        UploadTargetProvider provider = null;
        UploadTarget target = null;
        long wait = config.backoff().ceiling(1);
        for (int attempt = 1; target == null; attempt++) {
            try {
                provider = chooseProvider(settings);
                lifecycle.useMask(SecretMask.of(settings.secretValues(provider)));
                target = UploadTargets.create(provider, settings.providerConfig(provider.id()));
            } catch (UploadException | RuntimeException | LinkageError e) {
                if (lifecycle.superseded(starting)) {
                    break;
                }
                boolean retryable = e instanceof UploadException && ((UploadException) e).isRetryable();
                if (retryable) {
                    // e.g. the storage is unreachable while the provider checks it: try again, keep journalling
                    out.warn("cannot create the upload target yet (" + e.getMessage() + "); retrying in "
                            + (wait + 999) / 1000 + " s; recordings are journalled meanwhile");
                    try {
                        Thread.sleep(wait);
                    } catch (InterruptedException stop) {
                        break;
                    }
                    wait = config.backoff().ceiling(attempt + 1);
                    continue;
                }
                List<String> problems = new ArrayList<>();
                problems.add(e instanceof UploadException ? e.getMessage() : e.toString());
                lifecycle.replaceStarting(starting, lifecycle.unusable(settings, provider, problems, config, out));
                break;
            }
        }
        if (target != null && lifecycle.superseded(starting)) {
            out.debug("the application stopped while its upload target was created; that target is closed unused");
            target.close();
            target = null;
        }
        if (target == null) {
            lifecycle.starterEnded();
            return;
        }
        logStarted(provider, target);
        final UploadEngine running = UploadEngine.start(config, target, out, instance::touch);
        boolean keep = lifecycle.controls().applyAndHandOver(running, () -> lifecycle.handOver(starting, running));
        if (keep) {
            starting.handOverTo(running);
        } else {
            running.close();
        }
    }

    private void logStarted(UploadTargetProvider provider, UploadTarget target) {
        out.info("started: provider '" + provider.id() + "' -> " + target.fingerprint() + "; storage " + config.roots()
                + "; key prefix '" + config.keys().prefix() + "'; settings: " + settings.summary(provider));
        for (String warning : PlainHttpCheck.warnings(provider.id(), settings.providerConfig(provider.id()))) {
            out.warn(warning);
        }
        if (!config.listeners().isEmpty()) {
            List<String> names = new ArrayList<>();
            for (CompletionListener l : config.listeners()) {
                names.add(l instanceof WebhookListener ? "webhook " + ((WebhookListener) l).shownUrl() : l.name());
            }
            out.info("completion notifications go to " + names + " (at least once, in order)");
        }
    }

    private static UploadTargetProvider chooseProvider(ModuleSettings settings) throws UploadException {
        ProviderDiscovery found = UploadTargets.discover(ModuleS3Upload.class.getClassLoader());
        String id = ProviderConfiguration.idToSelect(settings, found.providers().keySet());
        try {
            return UploadTargets.select(found, id);
        } catch (UploadException e) {
            throw UploadException.permanent(e.getMessage() + " (the module reads the provider id from "
                    + ModuleSettings.TARGET + ")", e);
        }
    }
}
