package org.s3upload.benchmarks;

import java.nio.file.Path;

/** The java launcher of the running JVM, so children run on the same JDK. */
final class Jvm {
    private Jvm() {
    }

    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
