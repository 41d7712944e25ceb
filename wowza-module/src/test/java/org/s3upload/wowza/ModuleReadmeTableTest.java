package org.s3upload.wowza;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The README's two property tables (the module's properties, and the original S3 names with the
 * provider keys they feed) name exactly the properties the module reads: {@link ModuleProperties}.
 */
class ModuleReadmeTableTest {
    private static final Pattern NAME = Pattern.compile("`([A-Za-z0-9]+)`");

    @Test
    void theReadmeTablesNameEveryPropertyTheModuleReadsAndNoOther() throws Exception {
        List<String> lines = Files.readAllLines(Paths.get("README.md"), StandardCharsets.UTF_8);
        Set<String> documented = new TreeSet<>();
        documented.addAll(firstColumn(lines, "| Property | Type | Default | Meaning |"));
        documented.addAll(firstColumn(lines, "| Original property | s3 provider key |"));
        assertThat(documented).containsExactlyInAnyOrderElementsOf(ModuleProperties.names());
        assertThat(ModuleSettings.LEGACY_S3_ALIASES.keySet()).allMatch(documented::contains);
    }

    private static Set<String> firstColumn(List<String> lines, String header) {
        int start = lines.indexOf(header);
        assertThat(start).as("README has a table headed %s", header).isNotNegative();
        Set<String> names = new TreeSet<>();
        for (int i = start + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            String cell = lines.get(i).split("\\|")[1];
            Matcher m = NAME.matcher(cell);
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }
}
