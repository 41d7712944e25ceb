package org.s3upload.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** Reads the module's properties from a properties file, or from Application.xml, and the secret key from a file. */
final class ConfigFiles {
    private ConfigFiles() {
    }

    /** Either source, exactly one of them. */
    static Map<String, Object> properties(Path config, Path applicationXml) throws CliProblem {
        if (config != null && applicationXml != null) {
            throw CliProblem.usage("give either --config or --application-xml, not both");
        }
        if (config == null && applicationXml == null) {
            throw CliProblem.usage("this command needs the target's configuration: --config FILE (a properties file with"
                    + " the module's property names, e.g. s3UploadBucketName=recordings) or --application-xml"
                    + " [install-dir]/conf/[application]/Application.xml");
        }
        return config != null ? propertiesFile(config) : ApplicationXml.read(applicationXml);
    }

    private static Map<String, Object> propertiesFile(Path file) throws CliProblem {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (NoSuchFileException e) {
            throw CliProblem.usage("--config " + file + ": no such file; give a properties file with the module's"
                    + " property names (s3UploadTarget=s3, s3UploadBucketName=..., s3Upload.s3.endpoint=...)");
        } catch (IOException | IllegalArgumentException e) {
            throw CliProblem.usage("--config " + file + " cannot be read as a properties file (" + e.getMessage()
                    + "); write one name=value per line, in UTF-8");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (String name : p.stringPropertyNames()) {
            out.put(name, p.getProperty(name));
        }
        return out;
    }

    /** The secret in {@code file}: its content without the line end an editor adds. */
    static String secretFile(Path file) throws CliProblem {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw CliProblem.usage("--secret-key-file " + file + ": no such file; write the secret key alone into a"
                    + " file readable only by you, and give its path");
        } catch (IOException e) {
            throw CliProblem.usage("--secret-key-file " + file + " cannot be read (" + e.getClass().getSimpleName()
                    + "); check its permissions");
        }
        String s = new String(bytes, StandardCharsets.UTF_8).replaceAll("[\\r\\n]+$", "");
        if (s.trim().isEmpty()) {
            throw CliProblem.usage("--secret-key-file " + file + " is empty; write the secret key into it");
        }
        return s;
    }
}
