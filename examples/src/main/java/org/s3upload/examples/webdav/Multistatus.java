package org.s3upload.examples.webdav;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/** Reads the PROPFIND answer (RFC 4918 multistatus) with the JDK's DOM parser, external entities off. */
final class Multistatus {
    static final String DAV = "DAV:";

    /** The request body: only the properties this provider reads. */
    static final String PROPFIND_BODY = "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
            + "<D:propfind xmlns:D=\"DAV:\"><D:prop><D:resourcetype/><D:getcontentlength/><D:getetag/>"
            + "<D:getlastmodified/><D:getcontenttype/></D:prop></D:propfind>";

    private Multistatus() {
    }

    static List<DavResource> parse(byte[] xml) throws IOException {
        Document doc;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            doc = b.parse(new ByteArrayInputStream(xml));
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("the server's PROPFIND answer is not a readable multistatus document: " + e.getMessage(), e);
        }
        List<DavResource> out = new ArrayList<>();
        NodeList responses = doc.getElementsByTagNameNS(DAV, "response");
        for (int i = 0; i < responses.getLength(); i++) {
            Element resp = (Element) responses.item(i);
            String href = text(first(resp, "href"));
            if (href == null) {
                continue;
            }
            boolean collection = false;
            long length = -1;
            String etag = null;
            String modified = null;
            String type = null;
            NodeList propstats = resp.getElementsByTagNameNS(DAV, "propstat");
            for (int j = 0; j < propstats.getLength(); j++) {
                Element ps = (Element) propstats.item(j);
                String status = text(first(ps, "status"));
                if (status == null || !status.contains(" 200")) {
                    continue;
                }
                Element rt = first(ps, "resourcetype");
                if (rt != null && first(rt, "collection") != null) {
                    collection = true;
                }
                String len = text(first(ps, "getcontentlength"));
                if (len != null && !len.isEmpty()) {
                    try {
                        length = Long.parseLong(len);
                    } catch (NumberFormatException ignored) {
                        // left unknown
                    }
                }
                etag = orElse(text(first(ps, "getetag")), etag);
                modified = orElse(text(first(ps, "getlastmodified")), modified);
                type = orElse(text(first(ps, "getcontenttype")), type);
            }
            out.add(new DavResource(pathOf(href), collection, length, etag, modified, type));
        }
        return out;
    }

    /** hrefs may be absolute URLs or absolute paths; either way the decoded path is what counts. */
    private static String pathOf(String href) {
        String raw = href;
        if (href.startsWith("http://") || href.startsWith("https://")) {
            try {
                raw = URI.create(href).getRawPath();
            } catch (IllegalArgumentException e) {
                int slash = href.indexOf('/', href.indexOf("//") + 2);
                raw = slash >= 0 ? href.substring(slash) : "/";
            }
        }
        return WebDavNames.decode(raw);
    }

    private static Element first(Element parent, String local) {
        NodeList l = parent.getElementsByTagNameNS(DAV, local);
        return l.getLength() == 0 ? null : (Element) l.item(0);
    }

    private static String text(Node n) {
        if (n == null) {
            return null;
        }
        String t = n.getTextContent();
        return t == null ? null : t.trim();
    }

    private static String orElse(String v, String fallback) {
        return v != null && !v.isEmpty() ? v : fallback;
    }
}
