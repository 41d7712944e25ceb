package org.s3upload.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * The application properties of a Wowza {@code Application.xml}: the {@code <Property>} elements
 * of {@code /Root/Application/Properties}, the section Wowza hands the module as the application's
 * properties, with values typed as Wowza types them ({@code Boolean}, {@code Integer}, {@code Long},
 * otherwise text). Properties of other sections (streams, the recorder) are not the module's.
 */
final class ApplicationXml {
    private ApplicationXml() {
    }

    static Map<String, Object> read(Path file) throws CliProblem {
        Document doc = parse(file);
        Element root = doc.getDocumentElement();
        Element app = "Root".equals(root.getTagName()) ? child(root, "Application") : null;
        if (app == null) {
            throw CliProblem.usage("--application-xml " + file + " has no /Root/Application element: give the"
                    + " Application.xml of the application that runs the module ([install-dir]/conf/[application]/Application.xml)");
        }
        Map<String, Object> props = new LinkedHashMap<>();
        Element section = child(app, "Properties");
        if (section == null) {
            return props;
        }
        for (Node n = section.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element && "Property".equals(((Element) n).getTagName())) {
                Element p = (Element) n;
                String name = text(p, "Name");
                if (name == null || name.isEmpty()) {
                    throw CliProblem.usage("--application-xml " + file + " has a <Property> without a <Name>"
                            + " in /Root/Application/Properties; give it one or remove it");
                }
                props.put(name, typed(text(p, "Value"), text(p, "Type")));
            }
        }
        return props;
    }

    /** The value as Wowza would hand it to the module; a number that does not parse stays text, for the module's message. */
    private static Object typed(String value, String type) {
        String v = value == null ? "" : value;
        try {
            if ("Boolean".equalsIgnoreCase(type)) {
                return Boolean.valueOf(v.trim());
            }
            if ("Integer".equalsIgnoreCase(type)) {
                return Integer.valueOf(v.trim());
            }
            if ("Long".equalsIgnoreCase(type)) {
                return Long.valueOf(v.trim());
            }
        } catch (NumberFormatException e) {
            return v;
        }
        return v;
    }

    private static Document parse(Path file) throws CliProblem {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            // An Application.xml needs no DTD and no external entity; refusing them keeps a hostile file from reading others.
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setExpandEntityReferences(false);
            try (InputStream in = Files.newInputStream(file)) {
                return f.newDocumentBuilder().parse(in);
            }
        } catch (NoSuchFileException e) {
            throw CliProblem.usage("--application-xml " + file + ": no such file; give the path of the application's"
                    + " Application.xml, e.g. [install-dir]/conf/live/Application.xml");
        } catch (IOException e) {
            throw CliProblem.usage("--application-xml " + file + " cannot be read (" + e + "); check its permissions");
        } catch (SAXException e) {
            throw CliProblem.usage("--application-xml " + file + " is not well-formed XML (" + e.getMessage()
                    + "); fix the file, or give the properties in a file with --config");
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("this Java has no usable XML parser", e);
        }
    }

    private static Element child(Element parent, String tag) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element && tag.equals(((Element) n).getTagName())) {
                return (Element) n;
            }
        }
        return null;
    }

    private static String text(Element parent, String tag) {
        Element e = child(parent, tag);
        return e == null ? null : e.getTextContent().trim();
    }
}
