package org.dicomcnn.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The bundle is aligned with the Fiji release named in plugin/pom.xml: every jar it ships that
 * Fiji's bill of materials (org.scijava:pom-scijava, from Maven Central) also manages is at the
 * version that BOM gives, so that unzipping the bundle into Fiji.app adds no second version of a
 * library; and the ImageJ 1.x the tests run is the one that Fiji release ships. Fiji itself
 * cannot be fetched here; this is what can be checked without it.
 */
class FijiAlignmentTest {

    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

    private static Map<String, String> properties;
    /** groupId:artifactId to version as written, e.g. "${jackson-core.version}". */
    private static Map<String, String> managed;

    @BeforeAll
    static void readTheBom() throws Exception {
        Path bom = Path.of("target", "fiji", "pom-scijava.pom");
        assertTrue(Files.isRegularFile(bom), "the build copies Fiji's BOM to " + bom);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(bom.toFile());
        Element project = doc.getDocumentElement();
        properties = new HashMap<>();
        for (Node n : children(child(project, "properties"))) {
            properties.put(n.getNodeName(), n.getTextContent().trim());
        }
        managed = new HashMap<>();
        for (Node dep : children(child(child(project, "dependencyManagement"), "dependencies"))) {
            Element d = (Element) dep;
            Element version = child(d, "version");
            if (version != null) {
                // resolved when looked up: some versions refer to the parent BOM's properties
                managed.put(text(d, "groupId") + ":" + text(d, "artifactId"), version.getTextContent().trim());
            }
        }
    }

    @Test
    void theBomIsTheOneOfTheFijiReleaseNamedInThePom() {
        assertEquals(System.getProperty("dicomcnn.fiji.version"), properties.get("fiji.version"));
        assertTrue(managed.size() > 300, "a whole BOM was read: " + managed.size() + " managed artifacts");
    }

    @Test
    void everyJarTheBundleSharesWithFijiIsAtFijisVersion() throws Exception {
        Path repository = Path.of(System.getProperty("dicomcnn.localRepository"));
        String classpath = Files.readString(Path.of("target", "imagej-runtime-classpath.txt")).trim();
        List<String> shared = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        for (String entry : classpath.split(File.pathSeparator)) {
            Path jar = Path.of(entry);
            if (!jar.startsWith(repository)) {
                continue; // this project's own modules, built in the reactor
            }
            // <repository>/<group as folders>/<artifact>/<version>/<artifact>-<version>[-classifier].jar
            Path relative = repository.relativize(jar);
            int n = relative.getNameCount();
            String version = relative.getName(n - 2).toString();
            String artifact = relative.getName(n - 3).toString();
            String group = relative.subpath(0, n - 3).toString().replace(File.separatorChar, '.');
            String raw = managed.get(group + ":" + artifact);
            if (raw != null) {
                String fijis = resolve(raw, 0);
                shared.add(artifact + " " + version);
                if (!fijis.equals(version)) {
                    mismatched.add(group + ":" + artifact + " " + version + " (Fiji: " + fijis + ")");
                }
            }
        }
        assertTrue(shared.size() >= 10, "the bundle shares common libraries with Fiji: " + shared);
        assertTrue(mismatched.isEmpty(), "jars at another version than Fiji's; pin them in plugin/pom.xml: "
                + mismatched);
    }

    @Test
    void theTestsRunTheImageJ1ThatFijiShips() {
        assertEquals(properties.get("imagej1.version"), IJ.getVersion());
    }

    private static String resolve(String value, int depth) {
        if (depth > 20) {
            throw new IllegalStateException("property cycle at " + value);
        }
        Matcher m = PROPERTY.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = properties.get(m.group(1));
            assertNotNull(v, "property " + m.group(1) + " of Fiji's BOM");
            m.appendReplacement(out, Matcher.quoteReplacement(resolve(v, depth + 1)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static Element child(Element parent, String name) {
        for (Node n : children(parent)) {
            if (n.getNodeName().equals(name)) {
                return (Element) n;
            }
        }
        return null;
    }

    private static String text(Element parent, String name) {
        return child(parent, name).getTextContent().trim();
    }

    private static List<Node> children(Element parent) {
        List<Node> out = new ArrayList<>();
        NodeList list = parent.getChildNodes();
        for (int i = 0; i < list.getLength(); i++) {
            if (list.item(i).getNodeType() == Node.ELEMENT_NODE) {
                out.add(list.item(i));
            }
        }
        return out;
    }
}
