package org.s3upload.examples.demo;

import java.io.IOException;
import java.util.Optional;
import org.s3upload.spi.support.Checksums;
import org.s3upload.api.RemoteObject;
import org.s3upload.api.UploadException;
import org.s3upload.api.UploadTarget;

/**
 * The demo's own proof, independent of the module's: the MD5 of the local recording, compared
 * with the size and MD5 the storage reports for the key (through a target instance of the demo's
 * own, not the module's).
 */
final class Verification {
    private Verification() {
    }

    static void check(UploadTarget target, RecordingRow row) {
        try {
            row.md5 = Checksums.md5Hex(row.file);
        } catch (IOException e) {
            row.verified = Boolean.FALSE;
            row.verifyNote = "cannot read the local file: " + e.getMessage();
            return;
        }
        if (row.key == null) {
            row.verified = Boolean.FALSE;
            row.verifyNote = "no key known";
            return;
        }
        Optional<RemoteObject> there;
        try {
            there = target.stat(row.key);
        } catch (UploadException e) {
            row.verified = Boolean.FALSE;
            row.verifyNote = "cannot stat " + row.key + ": " + e.getMessage();
            return;
        }
        if (!there.isPresent()) {
            row.verified = Boolean.FALSE;
            row.verifyNote = "no object at " + row.key;
            return;
        }
        RemoteObject o = there.get();
        if (o.matches(row.size, row.md5)) {
            row.verified = Boolean.TRUE;
            row.verifyNote = "size+MD5 " + row.md5.substring(0, 8) + "..";
        } else {
            row.verified = Boolean.FALSE;
            row.verifyNote = "stored size " + o.size() + ", MD5 " + o.md5().orElse("unknown") + "; local size " + row.size
                    + ", MD5 " + row.md5;
        }
    }
}
