package org.s3upload.examples.demo;

import java.io.IOException;
import java.util.Optional;
import org.s3upload.api.Checksum;
import org.s3upload.spi.support.Checksums;
import org.s3upload.api.RemoteObject;
import org.s3upload.api.UploadException;
import org.s3upload.api.UploadTarget;

/**
 * The demo's own proof, independent of the module's: the checksum the storage reports for the key
 * (through a target instance of the demo's own, not the module's) recomputed from the local
 * recording (its MD5, or for an S3 multipart object the MD5 of its part MD5s), and the size.
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
        boolean holds;
        try {
            holds = o.size() == row.size && Checksums.holdsFile(o, row.file);
        } catch (IOException e) {
            holds = false;
        }
        String stored = o.checksum().map(c -> c.toString()).orElse("none");
        if (holds) {
            row.verified = Boolean.TRUE;
            row.verifyNote = "size+" + (o.checksum().get().kind() == Checksum.Kind.MD5 ? "MD5 " : "part MD5s ")
                    + stored.substring(0, 8) + "..";
        } else {
            row.verified = Boolean.FALSE;
            row.verifyNote = "stored size " + o.size() + ", checksum " + stored + "; local size " + row.size
                    + ", MD5 " + row.md5;
        }
    }
}
