package org.s3upload.examples.webdav;

import java.nio.file.Paths;

import org.junit.jupiter.api.Test;
import org.s3upload.api.contract.ReadmeSettingsTable;

/** The provider guide's key table for the WebDAV example is checked against {@link WebDavSettings}. */
class WebDavGuideTableTest {
    @Test
    void theGuideTableListsEveryDeclaredKeyWithItsDefault() throws Exception {
        ReadmeSettingsTable.assertMatches(Paths.get("PROVIDER-GUIDE.md"), new WebDavProvider().configKeys());
    }
}
