package org.dicomcnn.samples.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away Orthanc (Debian {@code orthanc}, {@code /usr/sbin/Orthanc}) for a test: its
 * storage and index in a temp folder, HTTP and DICOM on free ports, HTTP limited to this
 * machine ({@code RemoteAccessAllowed: false}), no plugins. Stopped by {@link #close()}.
 *
 * <p>Orthanc 1.10 cannot bind its DICOM port to loopback alone, so it stores only from the one
 * modality it knows: calling AE title {@link #TEST_CALLING_AET} at 127.0.0.1
 * ({@code DicomAlwaysAllowStore: false}, {@code DicomCheckModalityHost: true}).
 */
public final class OrthancServer implements AutoCloseable {

    /** The program. */
    public static final String ORTHANC = "/usr/sbin/Orthanc";

    /** Its application entity title. */
    public static final String AET = "ORTHANC";

    /** The calling AE title tests store with; the only one accepted. */
    public static final String TEST_CALLING_AET = "DICOMCNN";

    private static final Duration STARTUP = Duration.ofSeconds(30);

    private final Process process;
    private final int httpPort;
    private final int dicomPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private OrthancServer(Process process, int httpPort, int dicomPort) {
        this.process = process;
        this.httpPort = httpPort;
        this.dicomPort = dicomPort;
    }

    /**
     * @param work an empty folder for configuration, storage and log
     * @return the running server, answering HTTP
     * @throws IOException if it cannot be started
     */
    public static OrthancServer start(Path work) throws IOException, InterruptedException {
        int httpPort = freePort();
        int dicomPort = freePort();
        Path storage = Files.createDirectories(work.resolve("storage"));
        Path config = work.resolve("orthanc.json");
        Files.writeString(config, """
                {
                  "Name": "dicomcnn-test",
                  "StorageDirectory": "%s",
                  "IndexDirectory": "%s",
                  "HttpPort": %d,
                  "DicomPort": %d,
                  "DicomAet": "%s",
                  "RemoteAccessAllowed": false,
                  "AuthenticationEnabled": false,
                  "DicomCheckCalledAet": false,
                  "DicomAlwaysAllowStore": false,
                  "DicomCheckModalityHost": true,
                  "DicomModalities": { "tests": [ "%s", "127.0.0.1", 104 ] },
                  "Plugins": [],
                  "SaveJobs": false,
                  "ConcurrentJobs": 1
                }
                """.formatted(storage, storage, httpPort, dicomPort, AET, TEST_CALLING_AET), StandardCharsets.UTF_8);
        Process p = new ProcessBuilder(ORTHANC, config.toString()).redirectErrorStream(true)
                .redirectOutput(work.resolve("orthanc.log").toFile()).start();
        OrthancServer server = new OrthancServer(p, httpPort, dicomPort);
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IOException("Orthanc exited with " + p.exitValue() + ":\n"
                        + Files.readString(work.resolve("orthanc.log")));
            }
            try {
                server.get("/system");
                return server;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        server.close();
        throw new IOException("Orthanc did not answer on port " + httpPort + " within " + STARTUP);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** @return the DICOM port */
    public int dicomPort() {
        return dicomPort;
    }

    /**
     * @param path e.g. "/statistics"
     * @return the response body
     * @throws IOException if the request fails or is not 200
     */
    public String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
