package dev.sealpost.server.outbound.mtasts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sealpost.server.outbound.PolicySyntaxException;
import dev.sealpost.server.outbound.tlsrpt.TlsRptRecord;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/** Random and mutated input only ever fails with PolicySyntaxException, never anything else. */
class MtaStsParsersPropertyTest {

  @Property(tries = 500)
  void randomPolicyText(@ForAll @StringLength(max = 400) String text) {
    parsePolicyOrSyntaxError(text);
  }

  @Property(tries = 500)
  void mutatedPolicy(@ForAll("mutatedPolicies") String text) {
    parsePolicyOrSyntaxError(text);
  }

  @Property(tries = 500)
  void randomTxtRecords(@ForAll @StringLength(max = 200) String tail) {
    for (String record : List.of("v=STSv1" + tail, "v=STSv1; id=" + tail)) {
      try {
        assertThat(StsRecord.parse(record).id()).matches("[A-Za-z0-9]{1,32}");
      } catch (PolicySyntaxException expected) {
        // fine
      }
      StsRecord.select(List.of(record)); // never throws
    }
    try {
      assertThat(TlsRptRecord.parse("v=TLSRPTv1; rua=" + tail).rua()).isNotEmpty();
    } catch (PolicySyntaxException expected) {
      // fine
    }
  }

  @Property(tries = 300)
  void mxPatternsMatchCaseInsensitively(@ForAll("hostNames") String host) {
    MxPattern exact = MxPattern.parse(host);
    assertThat(exact.matches(host.toUpperCase(java.util.Locale.ROOT) + ".")).isTrue();
    MxPattern wildcard = MxPattern.parse("*." + host);
    assertThat(wildcard.matches("x." + host)).isTrue();
    assertThat(wildcard.matches(host)).isFalse();
    assertThat(wildcard.matches("a.b." + host)).isFalse();
  }

  @Provide
  Arbitrary<String> mutatedPolicies() {
    Arbitrary<Integer> position = Arbitraries.integers().between(0, PolicyServer.POLICY.length() - 1);
    Arbitrary<Character> replacement = Arbitraries.chars().ascii();
    return net.jqwik.api.Combinators.combine(position, replacement, Arbitraries.integers().between(0, 3))
        .as((pos, c, deleted) -> {
          StringBuilder s = new StringBuilder(PolicyServer.POLICY);
          s.setCharAt(pos, c);
          s.delete(pos, Math.min(s.length(), pos + deleted));
          return s.toString();
        });
  }

  @Provide
  Arbitrary<String> hostNames() {
    Arbitrary<String> label = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789")
        .ofMinLength(1).ofMaxLength(12);
    return label.list().ofMinSize(2).ofMaxSize(4).map(labels -> String.join(".", labels));
  }

  private static void parsePolicyOrSyntaxError(String text) {
    try {
      StsPolicy policy = StsPolicyParser.parse(text);
      assertThat(policy.mode() == StsMode.NONE || !policy.mx().isEmpty()).isTrue();
    } catch (PolicySyntaxException expected) {
      // fine
    }
  }

  @Property(tries = 100)
  void randomBytesAsPolicy(@ForAll @Size(max = 300) byte[] bytes) {
    parsePolicyOrSyntaxError(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1));
  }
}
