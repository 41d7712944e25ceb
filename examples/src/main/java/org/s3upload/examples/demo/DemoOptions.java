package org.s3upload.examples.demo;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

/** The demo's command line, checked as a whole. Immutable; {@link #parse} throws {@link Invalid} with the reason. */
final class DemoOptions {
    static final String FILESYSTEM = "filesystem";
    static final String S3 = "s3";
    static final int DEFAULT_RECORDINGS = 3;
    static final int DEFAULT_SIZE_MB = 8;
    static final int DEFAULT_PART_SIZE_MB = 5;
    static final String DEFAULT_BUCKET = "demo-bucket";

    static final String USAGE = String.join("\n",
            "usage: java -jar examples/target/s3upload-demo.jar [options]",
            "",
            "Runs the real ModuleS3Upload in a simulated Wowza host: generates recordings, lets the module",
            "upload them, shows progress, and checks every stored object (size and MD5) itself.",
            "",
            "  --target filesystem|s3   where to upload (default filesystem: into DIR/demo-bucket)",
            "  --dir DIR                working directory (default .): DIR/demo-recordings holds the recordings",
            "                           (and the module's log), DIR/demo-bucket is the filesystem target, DIR/demo-s3",
            "                           the embedded S3 server's data; a run without --resume empties all three",
            "  --recordings N           how many recordings (default " + DEFAULT_RECORDINGS + ", 1-1000)",
            "  --size-mb M              size of each recording in MiB (default " + DEFAULT_SIZE_MB + ", 1-4096)",
            "  --crash-after-percent P  kill the JVM hard once P% (1-99) of all bytes are sent",
            "  --resume                 continue the run that crashed in DIR (same --target options)",
            "  --webhook                start a webhook receiver on 127.0.0.1 and print the signed events the",
            "                           module posts to it (one per uploaded recording, at least once)",
            "  --jmx                    show the module's JMX view: its ObjectName, then its attributes and",
            "                           recordings table while uploading and after (as jconsole shows them)",
            "",
            "  --target s3 without --endpoint starts an embedded S3 server (S3Proxy) on 127.0.0.1.",
            "  For a real S3 or S3-compatible store:",
            "  --endpoint URL           e.g. https://s3.eu-west-1.amazonaws.com or http://minio:9000",
            "  --bucket B               bucket (required with --endpoint; default " + DEFAULT_BUCKET + " when embedded)",
            "  --region R               signing region (default us-east-1)",
            "  --path-style             path-style requests (MinIO and most S3-compatible stores)",
            "  --access-key K --secret-key S   static keys; omit both for the AWS default credential chain",
            "  --part-size-mb P         multipart part size in MiB (default " + DEFAULT_PART_SIZE_MB + ", 5-5120)",
            "  --help                   this text",
            "",
            "Exit codes: 0 every recording uploaded and verified; 1 an upload or its verification failed;",
            "2 bad options; 137 after --crash-after-percent.");

    final String target;
    final Path dir;
    final int recordings;
    final int sizeMb;
    final String endpoint;
    final String bucket;
    final String region;
    final boolean pathStyle;
    final String accessKey;
    final String secretKey;
    final int partSizeMb;
    final int crashAfterPercent;
    final boolean resume;
    final boolean webhook;
    final boolean jmx;
    final boolean help;

    private DemoOptions(Parser p) {
        this.target = p.target;
        this.dir = p.dir;
        this.recordings = p.recordings;
        this.sizeMb = p.sizeMb;
        this.endpoint = p.endpoint;
        this.bucket = p.bucket != null ? p.bucket : DEFAULT_BUCKET;
        this.region = p.region;
        this.pathStyle = p.pathStyle;
        this.accessKey = p.accessKey;
        this.secretKey = p.secretKey;
        this.partSizeMb = p.partSizeMb;
        this.crashAfterPercent = p.crashAfterPercent;
        this.resume = p.resume;
        this.webhook = p.webhook;
        this.jmx = p.jmx;
        this.help = p.help;
    }

    /** True for {@code --target s3} without an endpoint: the demo runs its own S3 server. */
    boolean embeddedS3() {
        return S3.equals(target) && endpoint == null;
    }

    /** Where objects go, without secrets: the interrupted run and its resume must agree on it. */
    String destination() {
        if (FILESYSTEM.equals(target)) {
            return "filesystem " + dir.toAbsolutePath().normalize().resolve(DemoDirs.BUCKET);
        }
        return embeddedS3() ? "embedded S3 bucket " + bucket : "s3 bucket " + bucket + " at " + endpoint;
    }

    /** A command line (or a --resume) that cannot work; the message says why. Exit code 2. */
    static final class Invalid extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message);
        }
    }

    static DemoOptions parse(String[] args) {
        Parser p = new Parser();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            switch (flag) {
                case "--help":
                case "-h":
                    p.help = true;
                    break;
                case "--jmx":
                    p.jmx = true;
                    break;
                case "--target":
                    p.target = value(args, ++i, flag).toLowerCase(Locale.ROOT);
                    if (!FILESYSTEM.equals(p.target) && !S3.equals(p.target)) {
                        throw new Invalid("--target must be filesystem or s3, not '" + args[i] + "'");
                    }
                    break;
                case "--dir":
                    p.dir = Paths.get(value(args, ++i, flag));
                    break;
                case "--recordings":
                    p.recordings = number(args, ++i, flag, 1, 1000);
                    p.generationFlag = flag;
                    break;
                case "--size-mb":
                    p.sizeMb = number(args, ++i, flag, 1, 4096);
                    p.generationFlag = flag;
                    break;
                case "--crash-after-percent":
                    p.crashAfterPercent = number(args, ++i, flag, 1, 99);
                    break;
                case "--resume":
                    p.resume = true;
                    break;
                case "--webhook":
                    p.webhook = true;
                    break;
                case "--endpoint":
                    p.endpoint = value(args, ++i, flag);
                    if (!p.endpoint.matches("(?i)https?://[^\\s/]+(/.*)?")) {
                        throw new Invalid("--endpoint must be an http:// or https:// URL, not '"
                                + p.endpoint + "'");
                    }
                    p.s3Flag = p.s3Flag == null ? flag : p.s3Flag;
                    break;
                case "--bucket":
                    p.bucket = value(args, ++i, flag);
                    p.s3Flag = p.s3Flag == null ? flag : p.s3Flag;
                    break;
                case "--region":
                    p.region = value(args, ++i, flag);
                    p.s3Flag = p.s3Flag == null ? flag : p.s3Flag;
                    p.realS3Flag = p.realS3Flag == null ? flag : p.realS3Flag;
                    break;
                case "--path-style":
                    p.pathStyle = true;
                    p.s3Flag = p.s3Flag == null ? flag : p.s3Flag;
                    p.realS3Flag = p.realS3Flag == null ? flag : p.realS3Flag;
                    break;
                case "--access-key":
                    p.accessKey = value(args, ++i, flag);
                    p.s3Flag = p.s3Flag == null ? flag : p.s3Flag;
                    p.realS3Flag = p.realS3Flag == null ? flag : p.realS3Flag;
                    break;
                case "--secret-key":
                    p.secretKey = value(args, ++i, flag);
                    p.s3Flag = p.s3Flag == null ? flag : p.s3Flag;
                    p.realS3Flag = p.realS3Flag == null ? flag : p.realS3Flag;
                    break;
                case "--part-size-mb":
                    p.partSizeMb = number(args, ++i, flag, 5, 5120);
                    p.s3Flag = p.s3Flag == null ? flag : p.s3Flag;
                    break;
                default:
                    throw new Invalid("unknown option '" + flag + "'");
            }
        }
        p.check();
        return new DemoOptions(p);
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new Invalid(flag + " needs a value");
        }
        return args[i];
    }

    private static int number(String[] args, int i, String flag, int min, int max) {
        String v = value(args, i, flag);
        int n;
        try {
            n = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new Invalid(flag + " must be a whole number from " + min + " to " + max + ", not '" + v + "'");
        }
        if (n < min || n > max) {
            throw new Invalid(flag + " must be from " + min + " to " + max + ", not " + n);
        }
        return n;
    }

    private static final class Parser {
        String target = FILESYSTEM;
        boolean jmx;
        Path dir = Paths.get(".");
        int recordings = DEFAULT_RECORDINGS;
        int sizeMb = DEFAULT_SIZE_MB;
        String endpoint;
        String bucket;
        String region;
        boolean pathStyle;
        String accessKey;
        String secretKey;
        int partSizeMb = DEFAULT_PART_SIZE_MB;
        int crashAfterPercent;
        boolean resume;
        boolean webhook;
        boolean help;
        String s3Flag;
        String realS3Flag;
        String generationFlag;

        void check() {
            if (FILESYSTEM.equals(target) && s3Flag != null) {
                throw new Invalid(s3Flag + " applies only with --target s3");
            }
            if (endpoint == null && realS3Flag != null) {
                throw new Invalid(realS3Flag + " applies only with --endpoint (the embedded S3 server"
                        + " needs no credentials or region)");
            }
            if (endpoint != null && bucket == null) {
                throw new Invalid("--endpoint needs --bucket");
            }
            if ((accessKey == null) != (secretKey == null)) {
                throw new Invalid("give both --access-key and --secret-key, or neither (then the AWS"
                        + " default credential chain is used)");
            }
            if (resume && crashAfterPercent > 0) {
                throw new Invalid("--crash-after-percent and --resume exclude each other: crash one"
                        + " run, then resume it");
            }
            if (resume && generationFlag != null) {
                throw new Invalid(generationFlag + " does not apply with --resume: the resumed run"
                        + " uploads the recordings of the interrupted one");
            }
        }
    }
}
