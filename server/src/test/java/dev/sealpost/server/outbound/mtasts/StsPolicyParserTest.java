package dev.sealpost.server.outbound.mtasts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sealpost.server.outbound.PolicySyntaxException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StsPolicyParserTest {

  private static final String EXAMPLE = "version: STSv1\nmode: enforce\nmx: mail.example.com\n"
      + "mx: *.example.net\nmx: backupmx.example.com\nmax_age: 604800\n";

  @Test
  void rfcExample() {
    StsPolicy policy = StsPolicyParser.parse(EXAMPLE);

    assertThat(policy.mode()).isEqualTo(StsMode.ENFORCE);
    assertThat(policy.mx()).extracting(MxPattern::pattern)
        .containsExactly("mail.example.com", "*.example.net", "backupmx.example.com");
    assertThat(policy.maxAge()).isEqualTo(Duration.ofDays(7));
    assertThat(policy.policyStrings()).containsExactly("version: STSv1", "mode: enforce", "mx: mail.example.com",
        "mx: *.example.net", "mx: backupmx.example.com", "max_age: 604800");
  }

  @Test
  void crlfAndNoFinalLineEndingAndUnknownKeysAndSpacing() {
    StsPolicy policy = StsPolicyParser.parse(
        "version: STSv1\r\nmode:testing\r\nfuture_key: some value here\r\nmx:   MX.Example.COM.  \r\nmax_age: 0");

    assertThat(policy.mode()).isEqualTo(StsMode.TESTING);
    assertThat(policy.mx()).containsExactly(new MxPattern("mx.example.com"));
    assertThat(policy.maxAge()).isZero();
  }

  @Test
  void modeNoneNeedsNoMx() {
    StsPolicy policy = StsPolicyParser.parse("version: STSv1\nmode: none\nmax_age: 86400\n");

    assertThat(policy.mode()).isEqualTo(StsMode.NONE);
    assertThat(policy.mx()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"0,0", "1,1", "31557600,31557600", "0000086400,86400"})
  void maxAgeBounds(String value, long seconds) {
    assertThat(StsPolicyParser.parse("version: STSv1\nmode: none\nmax_age: " + value).maxAge())
        .isEqualTo(Duration.ofSeconds(seconds));
  }

  @ParameterizedTest
  @ValueSource(strings = {"31557601", "99999999999", "-1", "1.5", "", "1e6", "86400 s"})
  void maxAgeOutOfRangeOrMalformed(String value) {
    assertThatThrownBy(() -> StsPolicyParser.parse("version: STSv1\nmode: none\nmax_age: " + value))
        .isInstanceOf(PolicySyntaxException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "mode: enforce\nmx: a.example\nmax_age: 1\n",                          // no version
      "version: STSv2\nmode: enforce\nmx: a.example\nmax_age: 1\n",          // wrong version
      "version: stsv1\nmode: enforce\nmx: a.example\nmax_age: 1\n",          // case-sensitive
      "version: STSv1\nmx: a.example\nmax_age: 1\n",                         // no mode
      "version: STSv1\nmode: Enforce\nmx: a.example\nmax_age: 1\n",          // case-sensitive
      "version: STSv1\nmode: strict\nmx: a.example\nmax_age: 1\n",           // unknown mode
      "version: STSv1\nmode: enforce\nmx: a.example\n",                      // no max_age
      "version: STSv1\nmode: enforce\nmax_age: 1\n",                         // enforce without mx
      "version: STSv1\nmode: testing\nmax_age: 1\n",                         // testing without mx
      "version: STSv1\nmode: enforce\nmode: none\nmx: a.example\nmax_age: 1\n", // mode twice
      "version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 1\nmax_age: 2\n", // max_age twice
      "version: STSv1\nmode: enforce\nmx: a.*.example\nmax_age: 1\n",        // inner wildcard
      "version: STSv1\nmode: enforce\nmx: *.com\nmax_age: 1\n",              // wildcard on a TLD
      "version: STSv1\nmode: enforce\nmx: *mx.example\nmax_age: 1\n",        // partial wildcard
      "version: STSv1\nmode: enforce\nmx: mx_1.example\nmax_age: 1\n",       // not a host name
      "version: STSv1\nmode: enforce\nmx:\nmax_age: 1\n",                    // empty value
      "version: STSv1\nmode: enforce\nmx: a.example\n\nmax_age: 1\n",        // blank line
      "version STSv1\nmode: enforce\nmx: a.example\nmax_age: 1\n",           // no colon
      "version: STSv1\rmode: enforce\rmx: a.example\rmax_age: 1\r",          // bare CR endings
      "version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 1\nbad key: x\n", // space in key
  })
  void malformedPolicies(String text) {
    assertThatThrownBy(() -> StsPolicyParser.parse(text)).isInstanceOf(PolicySyntaxException.class);
  }

  @Test
  void policyOverSizeLimitIsRefused() {
    String big = EXAMPLE + "padding: " + "x".repeat(StsPolicyParser.MAX_POLICY_BYTES) + "\n";

    assertThatThrownBy(() -> StsPolicyParser.parse(big)).isInstanceOf(PolicySyntaxException.class)
        .hasMessageContaining("longer than");
  }
}
