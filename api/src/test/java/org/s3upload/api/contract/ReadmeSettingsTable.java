package org.s3upload.api.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.s3upload.spi.ConfigKey;

/**
 * Checks a provider README's configuration table ({@code | key | default | meaning |}) against
 * the keys the provider declares, so that the table cannot drift from the declarations: the same
 * keys in the same order, the declared default in the default column, required and secret keys
 * marked as such.
 */
public final class ReadmeSettingsTable {
    private static final String HEADER = "| key | default | meaning |";

    private ReadmeSettingsTable() {
    }

    /** Fails naming the first row that differs from {@code keys}. */
    public static void assertMatches(Path readme, List<ConfigKey> keys) throws IOException {
        List<String[]> rows = rows(readme);
        List<String> names = new ArrayList<>();
        for (String[] row : rows) {
            names.add(row[0]);
        }
        List<String> declared = new ArrayList<>();
        for (ConfigKey k : keys) {
            declared.add("`" + k.name() + "`");
        }
        assertThat(names).as("the keys of the table in %s, in declaration order", readme).containsExactlyElementsOf(declared);
        for (int i = 0; i < keys.size(); i++) {
            ConfigKey k = keys.get(i);
            String[] row = rows.get(i);
            String expectedDefault = defaultCell(k);
            if (expectedDefault != null) {
                assertThat(row[1]).as("default of %s in %s", k.name(), readme).isEqualTo(expectedDefault);
            } else {
                assertThat(row[1]).as("default of the optional %s in %s", k.name(), readme).isNotEqualTo("(required)");
            }
            assertThat(row[2].contains("**secret**")).as("%s is marked **secret** in %s exactly when declared secret",
                    k.name(), readme).isEqualTo(k.secret());
            assertThat(row[2]).as("meaning of %s in %s", k.name(), readme).isNotBlank();
        }
    }

    /** The cell the declaration dictates, or null where the README may explain the default in words. */
    static String defaultCell(ConfigKey k) {
        if (k.required()) {
            return "(required)";
        }
        String d = k.defaultValue();
        if (d == null) {
            return null;
        }
        if (d.isEmpty()) {
            return "empty";
        }
        return d.contains(" ") ? d : "`" + d + "`";
    }

    private static List<String[]> rows(Path readme) throws IOException {
        List<String> lines = Files.readAllLines(readme, StandardCharsets.UTF_8);
        int header = lines.indexOf(HEADER);
        assertThat(header).as("%s has a table starting %s", readme, HEADER).isNotNegative();
        List<String[]> rows = new ArrayList<>();
        for (int i = header + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            String line = lines.get(i);
            String[] cells = line.substring(1, line.length() - (line.endsWith("|") ? 1 : 0)).split(" \\| ", 3);
            assertThat(cells).as("three cells in %s", line).hasSize(3);
            for (int c = 0; c < cells.length; c++) {
                cells[c] = cells[c].trim();
            }
            rows.add(cells);
        }
        return rows;
    }
}
