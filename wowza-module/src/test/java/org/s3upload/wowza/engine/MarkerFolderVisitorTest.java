package org.s3upload.wowza.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The walk both the startup scan and the operator tool use. A file the folder listed but that was
 * gone when read is the normal race with a marker write (its temporary file renamed into place):
 * no warning. A file that is there but cannot be read is reported.
 */
class MarkerFolderVisitorTest {
    private final List<Path> reported = new ArrayList<>();
    private final MarkerFolderVisitor visitor = new MarkerFolderVisitor() {
        @Override
        void unreadable(Path file, IOException exc) {
            reported.add(file);
        }
    };

    @Test
    void aFileGoneBetweenTheListingAndTheReadIsPassedOverQuietly() {
        Path temp = Paths.get("/content/cam.mp4.upload.s3upload-tmp-1");
        assertThat(visitor.visitFileFailed(temp, new NoSuchFileException(temp.toString()))).isEqualTo(FileVisitResult.CONTINUE);
        assertThat(reported).isEmpty();
    }

    @Test
    void aFileThatCannotBeReadIsReportedAndTheWalkGoesOn() {
        Path locked = Paths.get("/content/locked");
        assertThat(visitor.visitFileFailed(locked, new AccessDeniedException(locked.toString()))).isEqualTo(FileVisitResult.CONTINUE);
        assertThat(reported).containsExactly(locked);
    }
}
