package org.s3upload.examples.demo;

import java.io.PrintStream;
import org.s3upload.api.UploadException;

/**
 * {@code java -jar s3upload-demo.jar}: the module's main job, end to end, on any machine. See
 * {@link DemoOptions#USAGE} for the options.
 */
public final class DemoMain {
    static final int USAGE_ERROR = 2;

    private DemoMain() {
    }

    public static void main(String[] args) {
        // Before any library starts logging: S3Proxy's Jetty logs at DEBUG without a configuration.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "org/s3upload/examples/demo/logback.xml");
        }
        System.exit(run(args, System.out, System.err));
    }

    /**
     * True when stdout is a terminal that understands redrawing. Java 22 and later return a console
     * also when output is redirected, and say so with Console.isTerminal(), looked up reflectively
     * because it does not exist before Java 22.
     */
    static boolean isTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        DemoOptions options;
        try {
            options = DemoOptions.parse(args);
        } catch (DemoOptions.Invalid e) {
            err.println("error: " + e.getMessage());
            err.println();
            err.println(DemoOptions.USAGE);
            return USAGE_ERROR;
        }
        if (options.help) {
            out.println(DemoOptions.USAGE);
            return 0;
        }
        try {
            return new DemoRun(options, out, err, isTerminal()).run();
        } catch (DemoOptions.Invalid e) {
            err.println("error: " + e.getMessage());
            return USAGE_ERROR;
        } catch (UploadException e) {
            err.println("Demo failed: " + e.getMessage());
            return 1;
        } catch (Exception e) {
            err.println("Demo failed: " + e);
            return 1;
        }
    }
}
