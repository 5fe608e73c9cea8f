package dev.sealpost.protocol;

import static dev.sealpost.protocol.Commands.parsed;
import static dev.sealpost.protocol.Commands.rejected;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MailCommandTest {

  private static SmtpCommand.Mail mail(String line) {
    return parsed(line, SmtpCommand.Mail.class);
  }

  @Test
  void plainSender() {
    SmtpCommand.Mail m = mail("MAIL FROM:<alice@example.test>");
    assertThat(m.reversePath().mailbox()).hasValue(Mailbox.parse("alice@example.test"));
    assertThat(m.reversePath().isNull()).isFalse();
    assertThat(m.parameters()).isEqualTo(MailParameters.NONE);
  }

  @Test
  void nullReversePath() {
    SmtpCommand.Mail m = mail("MAIL FROM:<>");
    assertThat(m.reversePath()).isEqualTo(ReversePath.NULL);
    assertThat(m.reversePath().isNull()).isTrue();
    assertThat(m.reversePath()).hasToString("<>");
  }

  @ParameterizedTest
  @ValueSource(strings = {"mail from:<a@b.test>", "Mail From:<a@b.test>", "MAIL FROM: <a@b.test>",
      "MAIL FROM:   <a@b.test>", "MAIL  FROM:<a@b.test>", "MAIL FROM:<a@b.test> ", "MAIL FROM:<a@B.TEST>"})
  void keywordCaseAndSpacesAreTolerated(String line) {
    assertThat(mail(line).reversePath()).hasToString("<a@b.test>");
  }

  @ParameterizedTest
  @ValueSource(strings = {"MAIL", "MAIL ", "MAIL FROM:", "MAIL FROM: ", "MAIL FROM:a@b.test", "MAIL FROM a@b.test",
      "MAIL FROM <a@b.test>", "MAIL FROM : <a@b.test>", "MAIL TO:<a@b.test>", "MAIL FROM:<a@b.test",
      "MAIL FROM:<a@b.test>SIZE=1", "MAIL FROM:<a@b.test>>", "MAIL FROM:\"a\"@b.test", "MAIL FRO:<a@b.test>",
      "MAIL FROM:<\"a@b.test>", "MAIL FROMM:<a@b.test>"})
  void syntaxErrors(String line) {
    assertThat(rejected(line, 501, "5.5.4").lines()).containsExactly("Syntax: MAIL FROM:<address> [parameters]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"MAIL FROM:<a>", "MAIL FROM:<@>", "MAIL FROM:<a@>", "MAIL FROM:<@b.test>",
      "MAIL FROM:<a@b@c.test>", "MAIL FROM:<a..b@c.test>", "MAIL FROM:<.a@c.test>", "MAIL FROM:<a.@c.test>",
      "MAIL FROM:<a b@c.test>", "MAIL FROM:<Postmaster>", "MAIL FROM:<a@-c.test>", "MAIL FROM:<a@[1.2.3]>",
      "MAIL FROM:<<a@b.test>", "MAIL FROM:<a@b.test.>", "MAIL FROM:<@x.test:>", "MAIL FROM:<a\tb@c.test>",
      "MAIL FROM:<user@other.test@ourdomain.test>"})
  void badSenderAddress(String line) {
    assertThat(rejected(line, 501, "5.1.7").lines()).containsExactly("Bad sender address syntax");
  }

  @Test
  void sourceRouteIsDropped() {
    assertThat(mail("MAIL FROM:<@a.test,@b.test:user@c.test>").reversePath()).hasToString("<user@c.test>");
  }

  @Test
  void quotedLocalPartMayHoldBracketsAndSpaces() {
    SmtpCommand.Mail m = mail("MAIL FROM:<\"a> b\"@c.test> SIZE=10");
    assertThat(m.reversePath().mailbox().orElseThrow().localPart()).isEqualTo("a> b");
    assertThat(m.parameters().size()).hasValue(10);
  }

  @Test
  void utf8SenderNeedsSmtpUtf8() {
    SmtpCommand.Mail m = mail("MAIL FROM:<用户@例子.测试> SMTPUTF8");
    assertThat(m.reversePath().needsSmtpUtf8()).isTrue();
    assertThat(m.parameters().smtpUtf8()).isTrue();
    assertThat(mail("MAIL FROM:<user@example.test>").reversePath().needsSmtpUtf8()).isFalse();
    assertThat(ReversePath.NULL.needsSmtpUtf8()).isFalse();
  }

  @Test
  void allParameters() {
    MailParameters p = mail("MAIL FROM:<a@b.test> SIZE=12345 BODY=8BITMIME SMTPUTF8 RET=HDRS ENVID=QQ314159+2B1"
        + " AUTH=e+3Dmc2@example.test REQUIRETLS").parameters();
    assertThat(p).isEqualTo(new MailParameters(OptionalLong.of(12345), BodyType.EIGHT_BIT_MIME, true,
        Optional.of(DsnRet.HDRS), Optional.of("QQ314159+1"), Optional.of("e=mc2@example.test"), true));
  }

  @Test
  void parameterKeywordsAndValuesAreCaseInsensitive() {
    MailParameters p = mail("MAIL FROM:<> size=1 body=binarymime ret=full smtputf8 requiretls").parameters();
    assertThat(p.size()).hasValue(1);
    assertThat(p.body()).isEqualTo(BodyType.BINARY_MIME);
    assertThat(p.ret()).hasValue(DsnRet.FULL);
    assertThat(p.smtpUtf8()).isTrue();
    assertThat(p.requireTls()).isTrue();
    assertThat(mail("MAIL FROM:<> BODY=7bit").parameters().body()).isEqualTo(BodyType.SEVEN_BIT);
  }

  @Test
  void parametersMayBeSeparatedByMoreThanOneSpace() {
    assertThat(mail("MAIL FROM:<>  SIZE=5   BODY=8BITMIME ").parameters().size()).hasValue(5);
  }

  @Test
  void authMayBeNullPath() {
    assertThat(mail("MAIL FROM:<a@b.test> AUTH=<>").parameters().auth()).hasValue("<>");
  }

  @Test
  void sizeLimits() {
    assertThat(mail("MAIL FROM:<> SIZE=0").parameters().size()).hasValue(0);
    assertThat(mail("MAIL FROM:<> SIZE=" + Long.MAX_VALUE).parameters().size()).hasValue(Long.MAX_VALUE);
    assertThat(mail("MAIL FROM:<> SIZE=00000000000000000001").parameters().size()).hasValue(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"SIZE=-1", "SIZE=1k", "SIZE=9223372036854775808", "SIZE=000000000000000000001",
      "SIZE=+5", "SIZE=", "SIZE", "SIZE=1=2", "SIZE=١"})
  void badSize(String param) {
    SmtpReply reply = rejected("MAIL FROM:<> " + param, 501, "5.5.4");
    assertThat(reply.lines().get(0)).contains("SIZE");
  }

  @ParameterizedTest
  @ValueSource(strings = {"BODY=8BIT", "BODY=", "BODY", "RET=ALL", "RET", "ENVID=a+2", "ENVID=a+ZZ", "ENVID=a+0A",
      "ENVID=" + "x" + "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789",
      "ENVID=caf+C3+A9", "ENVID=+C3", "AUTH=a+0D+0Ab@c.test", "AUTH=", "AUTH=a+2", "SMTPUTF8=yes", "REQUIRETLS=1"})
  void badValuesNameTheParameter(String param) {
    String keyword = param.contains("=") ? param.substring(0, param.indexOf('=')) : param;
    SmtpReply reply = rejected("MAIL FROM:<a@b.test> " + param, 501, "5.5.4");
    assertThat(reply.lines().get(0)).contains(keyword);
  }

  @Test
  void envIdUpTo100Characters() {
    String hundred = "x".repeat(100);
    assertThat(mail("MAIL FROM:<> ENVID=" + hundred).parameters().envId()).hasValue(hundred);
    assertThat(mail("MAIL FROM:<> ENVID=a+20b").parameters().envId()).hasValue("a b");
  }

  @ParameterizedTest
  @ValueSource(strings = {"FOO", "FOO=bar", "NOTIFY=NEVER", "ORCPT=rfc822;a@b.test", "X-CUSTOM=1", "MT-PRIORITY=3"})
  void unknownParameter(String param) {
    String keyword = param.contains("=") ? param.substring(0, param.indexOf('=')) : param;
    SmtpReply reply = rejected("MAIL FROM:<a@b.test> " + param, 555, "5.5.4");
    assertThat(reply.lines()).containsExactly("Unsupported parameter " + keyword);
  }

  @Test
  void unknownParameterIsNamedInUpperCase() {
    assertThat(rejected("MAIL FROM:<> foo=1", 555, "5.5.4").lines()).containsExactly("Unsupported parameter FOO");
  }

  @ParameterizedTest
  @ValueSource(strings = {"SIZE=1 SIZE=2", "SMTPUTF8 smtputf8", "BODY=7BIT BODY=7BIT", "REQUIRETLS REQUIRETLS"})
  void duplicateParameter(String params) {
    String keyword = params.split("[ =]")[0].toUpperCase(java.util.Locale.ROOT);
    assertThat(rejected("MAIL FROM:<> " + params, 501, "5.5.4").lines())
        .containsExactly("Duplicate parameter " + keyword);
  }

  @ParameterizedTest
  @ValueSource(strings = {"=1", "-SIZE=1", "SI_ZE=1", "SIZE\u00e9=1", "<a@b.test>", "\"x\""})
  void malformedParameter(String param) {
    assertThat(rejected("MAIL FROM:<> " + param, 501, "5.5.4").lines()).containsExactly("Malformed parameter");
  }

  @Test
  void unknownParameterKeywordsAreNotEchoedWhenTooLong() {
    SmtpReply reply = rejected("MAIL FROM:<> " + "A".repeat(41) + "=1", 501, "5.5.4");
    assertThat(reply.lines()).containsExactly("Malformed parameter");
  }
}
