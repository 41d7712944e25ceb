package org.s3upload.provider.filesystem;

import java.nio.file.Paths;

import org.junit.jupiter.api.Test;
import org.s3upload.api.contract.ReadmeSettingsTable;

/** The README's key table is checked against the declarations in {@link FilesystemSettings}. */
class FilesystemReadmeTableTest {
    @Test
    void theReadmeTableListsEveryDeclaredKeyWithItsDefault() throws Exception {
        ReadmeSettingsTable.assertMatches(Paths.get("README.md"), new FilesystemProvider().configKeys());
    }
}
