package org.s3upload.examples.webdav;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Comment;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The Application.xml samples in examples/conf parse with the JDK's DOM parser and have the
 * structure Wowza reads: the module under /Root/Application/Modules, and properties under
 * /Root/Application/Properties, each with Name, Value and a Type Wowza knows, and a comment.
 */
class ApplicationXmlSamplesTest {
    // Surefire sets basedir to the module directory, whichever directory Maven was started from.
    private static final Path CONF = Paths.get(System.getProperty("basedir", ".")).resolve("conf");
    private static final Set<String> TYPES = Set.of("String", "Boolean", "Long", "Integer");

    static Stream<Path> samples() throws IOException {
        try (Stream<Path> s = Files.list(CONF)) {
            return s.filter(p -> p.toString().endsWith(".xml")).sorted().collect(Collectors.toList()).stream();
        }
    }

    @Test
    void theFourSamplesAreThere() throws IOException {
        assertThat(samples().map(p -> p.getFileName().toString()))
                .contains("s3-instance-role.xml", "s3-static-keys.xml", "minio-path-style.xml", "filesystem-nas.xml");
    }

    @ParameterizedTest
    @MethodSource("samples")
    void declaresTheModuleAsWowzaReadsIt(Path sample) throws Exception {
        Element app = application(sample);
        List<Element> modules = children(child(app, "Modules"), "Module");
        assertThat(modules).hasSize(1);
        Element m = modules.get(0);
        assertThat(text(m, "Name")).isEqualTo("ModuleS3Upload");
        assertThat(text(m, "Description")).isEqualTo("Uploads recordings to object storage.");
        assertThat(text(m, "Class")).isEqualTo("org.s3upload.wowza.ModuleS3Upload");
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everyPropertyHasNameValueKnownTypeAndAComment(Path sample) throws Exception {
        List<Element> props = children(child(application(sample), "Properties"), "Property");
        assertThat(props).isNotEmpty();
        Map<String, String> seen = new LinkedHashMap<>();
        for (Element p : props) {
            String name = text(p, "Name");
            assertThat(name).as("Name in " + sample).matches("s3Upload[A-Za-z]+|s3Upload\\.[a-z][a-z0-9-]*\\.[A-Za-z]+");
            assertThat(children(p, "Value")).as("Value of " + name).hasSize(1);
            assertThat(TYPES).as("Type of " + name + " in " + sample).contains(text(p, "Type"));
            assertThat(seen.put(name, text(p, "Value"))).as(name + " set twice in " + sample).isNull();
            assertThat(precedingComment(p)).as("comment before " + name + " in " + sample).isNotBlank();
            String type = text(p, "Type");
            String value = text(p, "Value");
            if (type.equals("Boolean")) {
                assertThat(value).as(name).isIn("true", "false");
            } else if (type.equals("Long") || type.equals("Integer")) {
                assertThat(value).as(name).matches("\\d+");
            }
        }
        assertThat(seen).as("each sample names its provider").containsKey("s3UploadTarget");
        String target = seen.get("s3UploadTarget");
        for (String name : seen.keySet()) {
            if (name.startsWith("s3Upload.")) {
                assertThat(name).as("provider keys match s3UploadTarget").startsWith("s3Upload." + target + ".");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everyPropertyIsOneTheModuleOrItsProviderReads(Path sample) throws Exception {
        for (String name : properties(sample).keySet()) {
            assertThat(org.s3upload.wowza.ModuleProperties.isKnown(name))
                    .as(name + " in " + sample + " is read by the module").isTrue();
            if (name.startsWith(org.s3upload.wowza.ModuleProperties.PROVIDER_PREFIX)) {
                String[] parts = name.split("\\.", 3);
                org.s3upload.spi.UploadTargetProvider provider = org.s3upload.api.UploadTargets.provider(parts[1]);
                assertThat(provider.configKeys()).as(name + " in " + sample + " is a key of provider " + parts[1])
                        .extracting(org.s3upload.spi.ConfigKey::name).contains(parts[2]);
            }
        }
    }

    @Test
    void samplesSayWhatTheyPromise() throws Exception {
        Map<String, String> role = properties(CONF.resolve("s3-instance-role.xml"));
        assertThat(role).doesNotContainKeys("s3UploadAccessKey", "s3UploadSecretKey").containsEntry("s3UploadTarget", "s3");
        Map<String, String> keys = properties(CONF.resolve("s3-static-keys.xml"));
        assertThat(keys).containsKeys("s3UploadAccessKey", "s3UploadSecretKey");
        Map<String, String> minio = properties(CONF.resolve("minio-path-style.xml"));
        assertThat(minio).containsEntry("s3UploadPathStyleAccess", "true").containsKey("s3UploadEndpoint");
        assertThat(minio.get("s3UploadEndpoint")).startsWith("https://");
        Map<String, String> nas = properties(CONF.resolve("filesystem-nas.xml"));
        assertThat(nas).containsEntry("s3UploadTarget", "filesystem").containsKey("s3Upload.filesystem.root");
    }

    // ---------------------------------------------------------------- DOM helpers

    private static Element application(Path sample) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = f.newDocumentBuilder().parse(sample.toFile());
        Element root = doc.getDocumentElement();
        assertThat(root.getTagName()).as("root element of " + sample).isEqualTo("Root");
        List<Element> apps = children(root, "Application");
        assertThat(apps).as("Application under Root in " + sample).hasSize(1);
        return apps.get(0);
    }

    private static Map<String, String> properties(Path sample) throws Exception {
        Map<String, String> m = new LinkedHashMap<>();
        for (Element p : children(child(application(sample), "Properties"), "Property")) {
            m.put(text(p, "Name"), text(p, "Value"));
        }
        return m;
    }

    private static Element child(Element parent, String name) {
        List<Element> l = children(parent, name);
        assertThat(l).as(name + " under " + parent.getTagName()).hasSize(1);
        return l.get(0);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        NodeList nl = parent.getChildNodes();
        for (int i = 0; i < nl.getLength(); i++) {
            if (nl.item(i) instanceof Element && ((Element) nl.item(i)).getTagName().equals(name)) {
                out.add((Element) nl.item(i));
            }
        }
        return out;
    }

    private static String text(Element parent, String name) {
        return child(parent, name).getTextContent().trim();
    }

    private static String precedingComment(Element e) {
        for (Node n = e.getPreviousSibling(); n != null; n = n.getPreviousSibling()) {
            if (n instanceof Comment) {
                return n.getNodeValue().trim();
            }
            if (n instanceof Element) {
                return "";
            }
        }
        return "";
    }
}
