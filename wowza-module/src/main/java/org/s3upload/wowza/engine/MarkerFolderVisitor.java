package org.s3upload.wowza.engine;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A walk of a storage folder in search of markers: it passes over the module's own folder
 * ({@value ExternalMarkers#DIR}), whose files are index entries, not markers. The startup scan and
 * the read-only inventory walk the same way, so they find the same markers.
 */
abstract class MarkerFolderVisitor extends SimpleFileVisitor<Path> {
    /**
     * A file listed in its folder but gone when read (a marker write's temporary file renamed into
     * place, an upload's marker deleted) is passed over: nothing was there to find. Anything else
     * that cannot be read goes to {@link #unreadable}.
     */
    @Override
    public final FileVisitResult visitFileFailed(Path file, IOException exc) {
        if (!(exc instanceof NoSuchFileException)) {
            unreadable(file, exc);
        }
        return FileVisitResult.CONTINUE;
    }

    /** A file or folder that exists but cannot be read: the walk goes on past it. */
    abstract void unreadable(Path file, IOException exc);

    @Override
    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        return dir.getFileName() != null && ExternalMarkers.DIR.equals(dir.getFileName().toString())
                ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
    }
}
