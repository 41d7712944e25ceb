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
 * Checks a README's configuration table ({@code | key | default | meaning |} for a provider, or
 * any table whose first column names the key, with a column headed {@code default} and the
 * meaning last) against the declared keys, so that the table cannot drift from the declarations:
 * the same keys in the same order, the declared default in the default column, required and
 * secret keys marked as such.
 */
public final class ReadmeSettingsTable {
    private static final String HEADER = "| key | default | meaning |";

    private ReadmeSettingsTable() {
    }

    /** Fails naming the first row that differs from {@code keys}. */
    public static void assertMatches(Path readme, List<ConfigKey> keys) throws IOException {
        assertMatches(readme, HEADER, keys);
    }

    /** The same for the table headed {@code header} (its header line, exactly). */
    public static void assertMatches(Path readme, String header, List<ConfigKey> keys) throws IOException {
        List<String[]> rows = rows(readme, header);
        int defaultColumn = column(header, "default");
        int meaningColumn = cells(header).length - 1;
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
                assertThat(row[defaultColumn]).as("default of %s in %s", k.name(), readme).isEqualTo(expectedDefault);
            } else {
                assertThat(row[defaultColumn]).as("default of the optional %s in %s", k.name(), readme)
                        .isNotEqualTo("(required)");
            }
            assertThat(row[meaningColumn].contains("**secret**")).as("%s is marked **secret** in %s exactly when declared"
                    + " secret", k.name(), readme).isEqualTo(k.secret());
            assertThat(row[meaningColumn]).as("meaning of %s in %s", k.name(), readme).isNotBlank();
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

    /**
     * The rows of the table headed {@code header} (its header line, exactly), each row's cells
     * trimmed; fails when there is no such table or a row has another number of cells.
     */
    public static List<String[]> rows(Path readme, String header) throws IOException {
        List<String> lines = Files.readAllLines(readme, StandardCharsets.UTF_8);
        int start = lines.indexOf(header);
        assertThat(start).as("%s has a table starting %s", readme, header).isNotNegative();
        int columns = cells(header).length;
        List<String[]> rows = new ArrayList<>();
        for (int i = start + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            String[] cells = cells(lines.get(i), columns);
            assertThat(cells).as("%d cells in %s", columns, lines.get(i)).hasSize(columns);
            rows.add(cells);
        }
        return rows;
    }

    private static int column(String header, String name) {
        String[] titles = cells(header);
        for (int c = 0; c < titles.length; c++) {
            if (titles[c].equalsIgnoreCase(name)) {
                return c;
            }
        }
        throw new AssertionError("the table headed " + header + " has no column " + name);
    }

    private static String[] cells(String header) {
        return cells(header, Integer.MAX_VALUE);
    }

    /** The cells of a table line; at most {@code limit}, the last keeping any further " | ". */
    private static String[] cells(String line, int limit) {
        String inner = line.substring(1, line.length() - (line.endsWith("|") ? 1 : 0));
        String[] cells = inner.split(" \\| ", limit == Integer.MAX_VALUE ? -1 : limit);
        for (int c = 0; c < cells.length; c++) {
            cells[c] = cells[c].trim();
        }
        return cells;
    }
}
