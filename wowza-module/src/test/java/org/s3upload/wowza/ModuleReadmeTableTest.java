package org.s3upload.wowza;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.s3upload.api.contract.ReadmeSettingsTable;
import org.s3upload.spi.support.Setting;
import org.s3upload.spi.support.SettingsReader;

/**
 * The README's two property tables (the module's properties, and the original S3 names with the
 * provider keys they feed) name exactly the properties the module reads: {@link ModuleProperties}.
 */
class ModuleReadmeTableTest {
    private static final Pattern NAME = Pattern.compile("`([A-Za-z0-9]+)`");
    private static final Path README = Paths.get("README.md");
    private static final String MODULE_TABLE = "| Property | Type | Default | Meaning |";
    private static final String ALIAS_TABLE = "| Original property | s3 provider key |";

    /** Row by row, in declaration order: the name, the type, the declared default, a meaning. */
    @Test
    void theModuleTableListsEveryDeclaredPropertyWithItsTypeAndDefault() throws Exception {
        List<Setting<?>> module = new ArrayList<>();
        for (Setting<?> s : ModuleProperties.SETTINGS) {
            if (!ModuleSettings.LEGACY_S3_ALIASES.containsKey(s.name())) {
                module.add(s);
            }
        }
        ReadmeSettingsTable.assertMatches(README, MODULE_TABLE, SettingsReader.keys(module));
        List<String[]> rows = ReadmeSettingsTable.rows(README, MODULE_TABLE);
        for (int i = 0; i < module.size(); i++) {
            assertThat(rows.get(i)[1]).as("type of %s", module.get(i)).isEqualTo(wowzaType(module.get(i)));
        }
    }

    /** Row by row, in declaration order: the original name and the s3 provider key it feeds. */
    @Test
    void theOriginalNamesTableMapsEachDeclaredAliasToItsProviderKey() throws Exception {
        List<String> names = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (String[] row : ReadmeSettingsTable.rows(README, ALIAS_TABLE)) {
            names.add(row[0]);
            keys.add(row[1].split(" ")[0]);
        }
        List<String> declaredNames = new ArrayList<>();
        List<String> declaredKeys = new ArrayList<>();
        ModuleSettings.LEGACY_S3_ALIASES.forEach((name, key) -> {
            declaredNames.add("`" + name + "`");
            declaredKeys.add("`" + key + "`");
        });
        assertThat(names).containsExactlyElementsOf(declaredNames);
        assertThat(keys).containsExactlyElementsOf(declaredKeys);
    }

    /** The Application.xml {@code <Type>} of a declaration's values. */
    private static String wowzaType(Setting<?> s) {
        Object d = s.defaultValue();
        return d == null ? "String" : d.getClass().getSimpleName();
    }

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
