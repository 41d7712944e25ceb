package org.s3upload.wowza;

import java.util.function.UnaryOperator;
import org.s3upload.wowza.engine.EngineSnapshot;
import org.s3upload.wowza.jmx.UploadControls;

/** What the JMX bean reads and does: the module's uploads, whichever engine runs them now; texts masked. */
final class InstanceControls implements UploadControls {
    private final ModuleS3Upload module;
    private final UnaryOperator<String> mask;

    InstanceControls(ModuleS3Upload module, UnaryOperator<String> mask) {
        this.module = module;
        this.mask = mask;
    }

    @Override
    public EngineSnapshot snapshot() {
        return module.snapshot();
    }

    @Override
    public String mask(String text) {
        return mask.apply(text);
    }

    @Override
    public void retryFailed() {
        module.retryFailed();
    }

    @Override
    public String retry(String nameOrPath) {
        return module.retry(nameOrPath);
    }

    @Override
    public void pause() {
        module.pauseUploads();
    }

    @Override
    public void resume() {
        module.resumeUploads();
    }

    @Override
    public long maxBytesPerSecond() {
        return module.maxBytesPerSecond();
    }

    @Override
    public void setMaxBytesPerSecond(long bytesPerSecond) {
        module.setMaxBytesPerSecond(bytesPerSecond);
    }
}
