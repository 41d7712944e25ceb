package org.s3upload.provider.s3;

import java.nio.file.Paths;

import org.junit.jupiter.api.Test;
import org.s3upload.api.contract.ReadmeSettingsTable;

/** The README's key table is checked against the declarations in {@link S3Settings}. */
class S3ReadmeTableTest {
    @Test
    void theReadmeTableListsEveryDeclaredKeyWithItsDefault() throws Exception {
        ReadmeSettingsTable.assertMatches(Paths.get("README.md"), new S3UploadTargetProvider().configKeys());
    }
}
