package dev.sealpost.mailauth.spf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The OpenSPF RFC 7208 test suite (release 2014.04, 203 tests), read from ../shared/conformance/spf/
 * beside the project: every test must give its expected result (one of them, where several are
 * allowed) and, where the suite names one, its explanation.
 */
class SpfConformanceTest {

  static final Path SUITE = Path.of("..", "..", "shared", "conformance", "spf", "rfc7208-tests.yml");

  @Test
  void everyTestOfTheRfc7208SuitePasses() throws Exception {
    Path suite = Files.exists(SUITE) ? SUITE : Path.of("..", "shared", "conformance", "spf", "rfc7208-tests.yml");
    Assumptions.assumeTrue(Files.exists(suite), "SPF conformance suite not found at " + SUITE.toAbsolutePath()
        + ": the shared conformance data is absent here, so the suite is skipped");
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    int total = 0;
    List<String> failures = new ArrayList<>();
    try (var parser = yaml.getFactory().createParser(suite.toFile())) {
      for (var docs = yaml.readValues(parser, JsonNode.class); docs.hasNext(); ) {
        JsonNode scenario = docs.next();
        @SuppressWarnings("unchecked")
        Map<String, List<Object>> zone = yaml.convertValue(scenario.get("zonedata"), Map.class);
        SpfEvaluator spf = new SpfEvaluator(new SuiteZone(zone), "receiver.example", Clock.systemUTC(), Runnable::run);
        for (var it = scenario.get("tests").fields(); it.hasNext(); ) {
          var test = it.next();
          total++;
          JsonNode t = test.getValue();
          SpfOutcome outcome = spf.checkMailFrom(InetAddress.getByName(t.get("host").asText()),
              t.get("mailfrom").asText(), t.get("helo").asText()).toCompletableFuture().join();
          List<String> expected = new ArrayList<>();
          if (t.get("result").isArray()) {
            t.get("result").forEach(r -> expected.add(r.asText()));
          } else {
            expected.add(t.get("result").asText());
          }
          String why = null;
          if (!expected.contains(outcome.result().token())) {
            why = "result " + outcome.result().token() + ", expected " + expected;
          } else if (t.has("explanation") && !t.get("explanation").asText().equals("DEFAULT")
              && !t.get("explanation").asText().equalsIgnoreCase(outcome.explanation().orElse(""))) {
            why = "explanation '" + outcome.explanation().orElse("") + "', expected '"
                + t.get("explanation").asText() + "'";
          }
          if (why != null) {
            failures.add(scenario.get("description").asText() + " / " + test.getKey() + ": " + why
                + "\n      " + String.join("\n      ", outcome.trace()));
          }
        }
      }
    }
    System.out.printf("SPF conformance (RFC 7208 suite): %d/%d%n", total - failures.size(), total);
    assertThat(failures).as("failed SPF suite tests").isEmpty();
    assertThat(total).isEqualTo(203);
  }
}
