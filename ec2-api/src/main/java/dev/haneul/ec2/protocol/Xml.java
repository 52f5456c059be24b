package dev.haneul.ec2.protocol;

import java.io.StringWriter;
import java.time.Instant;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * One XML answer, written with the JDK's StAX writer (so every text is escaped): {@link #response} opens the
 * action's root element in its namespace with the request id first, as EC2 answers; elements whose value is null
 * are left out, as EC2 leaves out what a resource does not have.
 */
public final class Xml {
    public static final String EC2_NAMESPACE = "http://ec2.amazonaws.com/doc/2016-11-15/";
    private static final XMLOutputFactory FACTORY = XMLOutputFactory.newFactory();

    private final StringWriter out = new StringWriter(1024);
    private final XMLStreamWriter w;

    private Xml() {
        try {
            w = FACTORY.createXMLStreamWriter(out);
            w.writeStartDocument("UTF-8", "1.0");
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code <ActionResponse xmlns="ec2 namespace"><requestId>…</requestId>}: the rest is the caller's. */
    public static Xml response(String action, String requestId) {
        return document(action + "Response", EC2_NAMESPACE).text("requestId", requestId);
    }

    /** A document whose root element is {@code root} in {@code namespace} (null: none). */
    public static Xml document(String root, String namespace) {
        Xml x = new Xml();
        try {
            x.w.writeStartElement(root);
            if (namespace != null) {
                x.w.writeDefaultNamespace(namespace);
            }
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return x;
    }

    public Xml start(String element) {
        try {
            w.writeStartElement(element);
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    public Xml end() {
        try {
            w.writeEndElement();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    /** {@code <element>value</element>}, or nothing when the value is null. */
    public Xml text(String element, Object value) {
        if (value == null) {
            return this;
        }
        String s = value instanceof Instant t ? Times.iso(t) : String.valueOf(value);
        try {
            w.writeStartElement(element);
            w.writeCharacters(s);
            w.writeEndElement();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    /** Closes every open element and answers the document. */
    public String finish() {
        try {
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }
}
