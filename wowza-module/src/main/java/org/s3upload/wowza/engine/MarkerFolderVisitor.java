package org.s3upload.wowza.engine;

import java.nio.file.FileVisitResult;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A walk of a storage folder in search of markers: it passes over the module's own folder
 * ({@value ExternalMarkers#DIR}), whose files are index entries, not markers. The startup scan and
 * the read-only inventory walk the same way, so they find the same markers.
 */
abstract class MarkerFolderVisitor extends SimpleFileVisitor<Path> {
    @Override
    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        return dir.getFileName() != null && ExternalMarkers.DIR.equals(dir.getFileName().toString())
                ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
    }
}
