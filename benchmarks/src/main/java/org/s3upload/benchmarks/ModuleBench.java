package org.s3upload.benchmarks;

import java.util.Map;

/** Measurements that need the Wowza module (hot path, startup recovery). */
final class ModuleBench {
    private ModuleBench() {
    }

    /** One measurement's outcome; {@code why} says why it was not measured. */
    record Result(boolean measured, String why, String description, Map<String, Object> values) {
        static Result notMeasured(String why) {
            return new Result(false, why, "", Map.of());
        }

        double value(String k) {
            Object v = values.get(k);
            return v instanceof Number n ? n.doubleValue() : Double.NaN;
        }
    }

    static Result hotPath(BenchOptions options, String classpath) {
        return Result.notMeasured("the Wowza module's engine is not on the benchmark classpath yet");
    }

    static Result recovery(BenchOptions options, String classpath) {
        return Result.notMeasured("the Wowza module's engine is not on the benchmark classpath yet");
    }
}
