package dev.haneul.compute;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * network-service and volume-service as compute-api calls them, faked by one WireMock server on a free local
 * port (haneul.network-url and haneul.volume-url point at it). A request no test has stubbed gets its
 * connection reset, as if the service were down. Tests stub through {@link #client()} (WireMock's admin API
 * over HTTP, so it works whatever class loader runs the test) and remove their stubs when done.
 */
public class FakeServices implements QuarkusTestResourceLifecycleManager {
    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        server.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        String url = "http://127.0.0.1:" + server.port();
        return Map.of("haneul.network-url", url, "haneul.volume-url", url);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** A client of the running fake (its port read from the application's configuration). */
    static WireMock client() {
        String url = ConfigProvider.getConfig().getValue("haneul.network-url", String.class);
        int port = Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
        return new WireMock("127.0.0.1", port);
    }
}
