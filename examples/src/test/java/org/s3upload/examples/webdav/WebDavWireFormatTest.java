package org.s3upload.examples.webdav;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Path encoding and multistatus parsing, against what real servers send. */
class WebDavWireFormatTest {

    @ParameterizedTest
    @ValueSource(strings = {"plain/file.mp4", "with space/a+b=c&d.mp4", "ünïcødé/日本語-😀.mp4", "100%/#hash?.mp4"})
    void encodingRoundTripsAndLeavesOnlySafeCharacters(String key) {
        String enc = WebDavNames.encode(key);
        assertThat(enc).matches("[A-Za-z0-9._~/%-]*");
        assertThat(WebDavNames.decode(enc)).isEqualTo(key);
    }

    @Test
    void decodingKeepsPlusAndAcceptsServersThatLeaveCharactersUnescaped() {
        assertThat(WebDavNames.decode("/dav/a+b/caf%C3%A9 x.mp4")).isEqualTo("/dav/a+b/café x.mp4");
    }

    @Test
    void parsesApacheStyleMultistatusWithAbsoluteHrefs() throws Exception {
        String xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                + "<D:multistatus xmlns:D=\"DAV:\" xmlns:ns0=\"DAV:\">"
                + "<D:response xmlns:lp1=\"DAV:\"><D:href>https://dav.example.com/dav/rec/</D:href>"
                + "<D:propstat><D:prop><lp1:resourcetype><D:collection/></lp1:resourcetype></D:prop>"
                + "<D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>"
                + "<D:response><D:href>/dav/rec/caf%C3%A9.mp4</D:href>"
                + "<D:propstat><D:prop><D:resourcetype/><D:getcontentlength>42</D:getcontentlength>"
                + "<D:getetag>\"2a-5e1\"</D:getetag><D:getlastmodified>Wed, 25 Nov 2026 10:00:00 GMT</D:getlastmodified>"
                + "</D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat>"
                + "<D:propstat><D:prop><D:getcontenttype/></D:prop><D:status>HTTP/1.1 404 Not Found</D:status></D:propstat>"
                + "</D:response></D:multistatus>";
        List<DavResource> l = Multistatus.parse(xml.getBytes(StandardCharsets.UTF_8));
        assertThat(l).hasSize(2);
        assertThat(l.get(0).path).isEqualTo("/dav/rec/");
        assertThat(l.get(0).collection).isTrue();
        DavResource f = l.get(1);
        assertThat(f.path).isEqualTo("/dav/rec/café.mp4");
        assertThat(f.collection).isFalse();
        assertThat(f.length).isEqualTo(42);
        assertThat(f.version()).isEqualTo("etag:\"2a-5e1\"");
        assertThat(f.contentType).isNull();
        assertThat(f.lastModifiedMillis()).isEqualTo(1795600800000L);
    }

    @Test
    void refusesDocumentTypeDeclarationsSoNoEntityIsExpanded() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE m [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<D:multistatus xmlns:D=\"DAV:\"><D:response><D:href>&x;</D:href></D:response></D:multistatus>";
        assertThrows(IOException.class, () -> Multistatus.parse(xxe.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void partialNamesAreRecognisedOnlyWithAFullId() {
        assertThat(WebDavNames.keyOfPartial("a/b.mp4.s3upload-partial-" + "0f".repeat(16))).isEqualTo("a/b.mp4");
        assertThat(WebDavNames.keyOfPartial("a/b.mp4.s3upload-partial-xyz")).isNull();
        assertThat(WebDavNames.keyOfPartial("a/b.mp4")).isNull();
        assertThat(WebDavNames.parents("a/b/c.mp4")).containsExactly("a/", "a/b/");
    }
}
