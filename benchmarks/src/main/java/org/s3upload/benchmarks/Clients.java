package org.s3upload.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How each uploader is invoked. Peers run with their defaults apart from what the local server needs
 * (endpoint, path-style addressing, SigV4), so that the comparison is what an operator would get.
 */
final class Clients {
    static final String AWS = "/usr/bin/aws"; // not the pyenv shim on PATH, which is aws-cli 1.x
    static final String RCLONE = "/usr/bin/rclone";
    static final String S3CMD = "/usr/bin/s3cmd";
    static final String CURL = "/usr/bin/curl";

    private final S3Endpoint endpoint;
    private final Path workDir;
    private final String javaClasspath;
    private final BenchOptions options;

    Clients(S3Endpoint endpoint, Path workDir, String javaClasspath, BenchOptions options) throws IOException {
        this.endpoint = endpoint;
        this.workDir = workDir;
        this.javaClasspath = javaClasspath;
        this.options = options;
        writeConfigs();
    }

    /** One prepared invocation. */
    record Invocation(List<String> command, Map<String, String> env, List<String> unsetEnv) {
    }

    static boolean installed(String tool) {
        return switch (tool) {
            case "awscli" -> Files.isExecutable(Path.of(AWS));
            case "rclone" -> Files.isExecutable(Path.of(RCLONE));
            case "s3cmd" -> Files.isExecutable(Path.of(S3CMD));
            case "curl" -> Files.isExecutable(Path.of(CURL)) && curlHasSigV4();
            case "curl-md5" -> Files.isExecutable(Path.of(CURL)) && curlHasSigV4() && Files.isExecutable(Path.of("/usr/bin/openssl"));
            default -> true;
        };
    }

    private static boolean curlHasSigV4() {
        try {
            Process p = new ProcessBuilder(CURL, "--help", "all").redirectErrorStream(true).start();
            String help = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            return help.contains("--aws-sigv4");
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    Invocation upload(String row, Path file, String key) {
        return upload(row, file, key, List.of());
    }

    /** {@code jvmOptions} only apply to the Java clients (e.g. a JFR recording). */
    Invocation upload(String row, Path file, String key, List<String> jvmOptions) {
        BenchOptions.Variant v = options.variants().get(row);
        String tool = v == null ? row : v.base();
        Map<String, String> extra = new LinkedHashMap<>();
        if (tool.equals("ours") || tool.equals("provider")) {
            extra.putAll(options.ours());
        }
        if (v != null) {
            extra.putAll(v.config());
        }
        // A variant may run another build of the Java clients (e.g. the commit before a change):
        // classpath=@FILE names a file holding that build's classpath, its classes directory first.
        String classpath = javaClasspath;
        String otherBuild = extra.remove("classpath");
        if (otherBuild != null) {
            try {
                classpath = otherBuild.startsWith("@") ? Files.readString(Path.of(otherBuild.substring(1))).trim() : otherBuild;
            } catch (IOException e) {
                throw new IllegalArgumentException("classpath " + otherBuild + " cannot be read: " + e, e);
            }
        }
        Map<String, String> env = new LinkedHashMap<>();
        List<String> cmd = new ArrayList<>();
        List<String> unset = new ArrayList<>();
        switch (tool) {
            case "ours", "provider", "sdk" -> {
                cmd.add(Jvm.javaExecutable());
                cmd.addAll(jvmOptions);
                cmd.add("-cp");
                cmd.add(classpath);
                cmd.add(UploadMain.class.getName());
                cmd.add(tool);
                cmd.add(file.toString());
                cmd.add(key);
                cmd.addAll(List.of(endpoint.toArgs()));
                extra.forEach((k, val) -> cmd.add(k + "=" + val));
            }
            case "awscli" -> {
                cmd.addAll(List.of(AWS, "s3", "cp", "--no-progress", "--endpoint-url", endpoint.url(), file.toString(),
                        "s3://" + endpoint.bucket() + "/" + key));
                env.put("AWS_ACCESS_KEY_ID", endpoint.accessKey());
                env.put("AWS_SECRET_ACCESS_KEY", endpoint.secretKey());
                env.put("AWS_DEFAULT_REGION", S3Endpoint.REGION);
                env.put("AWS_CONFIG_FILE", workDir.resolve("aws.config").toString());
                env.put("AWS_SHARED_CREDENTIALS_FILE", workDir.resolve("aws.credentials").toString());
                env.put("AWS_PAGER", "");
            }
            case "rclone" -> {
                // rclone 1.60 fails with LoadCustomCABundleError whenever AWS_CA_BUNDLE is set; --ignore-times
                // makes a repeated copy of the same file really upload instead of skipping it.
                cmd.addAll(List.of(RCLONE, "--config", workDir.resolve("rclone.conf").toString(), "copyto", "--ignore-times",
                        file.toString(), "bench:" + endpoint.bucket() + "/" + key));
                unset.add("AWS_CA_BUNDLE");
            }
            case "s3cmd" -> cmd.addAll(List.of(S3CMD, "-c", workDir.resolve("s3cmd.cfg").toString(), "--no-progress", "put",
                    file.toString(), "s3://" + endpoint.bucket() + "/" + key));
            case "curl" -> cmd.addAll(List.of(CURL, "-sS", "--fail", "-o", "/dev/null",
                    "--aws-sigv4", "aws:amz:" + S3Endpoint.REGION + ":s3",
                    "--user", endpoint.accessKey() + ":" + endpoint.secretKey(),
                    // curl 7.88 sends no payload hash, which S3Proxy reads as "empty body"; declare it unsigned.
                    "-H", "x-amz-content-sha256: UNSIGNED-PAYLOAD",
                    "-T", file.toString(), endpoint.url() + "/" + endpoint.bucket() + "/" + key));
            case "curl-md5" -> {
                // The cheapest verified upload: one MD5 pass (openssl) and one PUT with Content-MD5, which the
                // server checks against the bytes it received.
                String put = String.join(" ", CURL, "-sS", "--fail", "-o", "/dev/null", "--aws-sigv4", "aws:amz:" + S3Endpoint.REGION + ":s3",
                        "--user", endpoint.accessKey() + ":" + endpoint.secretKey(), "-H", "'x-amz-content-sha256: UNSIGNED-PAYLOAD'",
                        "-H", "\"Content-MD5: $(openssl md5 -binary \"$0\" | base64)\"", "-T", "\"$0\"",
                        "'" + endpoint.url() + "/" + endpoint.bucket() + "/" + key + "'");
                cmd.addAll(List.of("/bin/sh", "-c", put, file.toString()));
            }
            default -> throw new IllegalArgumentException("unknown tool " + tool);
        }
        return new Invocation(cmd, env, unset);
    }

    /**
     * One JVM that starts the engine over provider-s3 and uploads {@code file} {@code count} times as new
     * recordings under {@code prefix} ({@link WarmUploadMain}); the {@code --ours} settings apply.
     */
    Invocation running(Path file, String prefix, int count) {
        List<String> cmd = new ArrayList<>(List.of(Jvm.javaExecutable(), "-cp", javaClasspath, WarmUploadMain.class.getName(),
                file.toString(), prefix, String.valueOf(count)));
        cmd.addAll(List.of(endpoint.toArgs()));
        options.ours().forEach((k, val) -> cmd.add(k + "=" + val));
        return new Invocation(cmd, Map.of(), List.of());
    }

    private void writeConfigs() throws IOException {
        String hostPort = "127.0.0.1:" + endpoint.port();
        Files.writeString(workDir.resolve("aws.config"), String.join("\n",
                "[default]",
                "region = " + S3Endpoint.REGION,
                "s3 =",
                "  addressing_style = path",
                ""));
        Files.writeString(workDir.resolve("aws.credentials"), "");
        Files.writeString(workDir.resolve("rclone.conf"), String.join("\n",
                "[bench]",
                "type = s3",
                "provider = Other",
                "access_key_id = " + endpoint.accessKey(),
                "secret_access_key = " + endpoint.secretKey(),
                "endpoint = " + endpoint.url(),
                "force_path_style = true",
                "region = " + S3Endpoint.REGION,
                ""));
        Files.writeString(workDir.resolve("s3cmd.cfg"), String.join("\n",
                "[default]",
                "access_key = " + endpoint.accessKey(),
                "secret_key = " + endpoint.secretKey(),
                "host_base = " + hostPort,
                "host_bucket = " + hostPort,
                "bucket_location = " + S3Endpoint.REGION,
                "use_https = False",
                "signature_v2 = False",
                ""));
    }

    /** First line of each tool's version, for the report. */
    static String version(String tool) {
        List<String> cmd = switch (tool) {
            case "awscli" -> List.of(AWS, "--version");
            case "rclone" -> List.of(RCLONE, "version");
            case "s3cmd" -> List.of(S3CMD, "--version");
            case "curl" -> List.of(CURL, "--version");
            default -> List.of();
        };
        if (cmd.isEmpty() || !installed(tool)) {
            return installed(tool) ? "" : "not installed";
        }
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return out.lines().findFirst().orElse("");
        } catch (IOException | InterruptedException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
