package org.s3upload.wowza;

import com.wowza.wms.stream.IMediaStream;
import com.wowza.wms.stream.IMediaWriterActionNotify;
import java.io.File;
import java.util.Map;
import org.s3upload.wowza.engine.UploadEngine;
import org.s3upload.wowza.engine.UploadLog;

/** Wowza's notification that a recording is complete; hands it over and returns. */
final class RecordingListener implements IMediaWriterActionNotify {
    private final ModuleLifecycle lifecycle;

    RecordingListener(ModuleLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public void onWriteComplete(IMediaStream stream, File file) {
        UploadEngine e = lifecycle.engineForRecordings();
        try {
            if (e == null) {
                UploadLog l = lifecycle.log();
                if (l != null) {
                    l.warn("recording " + file + " finished while the module is not running; it is picked up only"
                            + " if its marker exists");
                }
                return;
            }
            e.onRecordingFinished(file.toPath(), stream == null ? null : stream.getName());
        } catch (RuntimeException | LinkageError t) {
            UploadLog l = lifecycle.log();
            if (l != null) {
                l.error("could not take recording " + file + " (" + t + ")", t);
            }
        }
    }

    @Override
    public void onFLVAddMetadata(IMediaStream stream, Map<String, Object> extraMetadata) {
        // Nothing to add: the module only acts on finished recordings.
    }
}
