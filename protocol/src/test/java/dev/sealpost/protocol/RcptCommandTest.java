package dev.sealpost.protocol;

import static dev.sealpost.protocol.Commands.parsed;
import static dev.sealpost.protocol.Commands.rejected;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RcptCommandTest {

  private static SmtpCommand.Rcpt rcpt(String line) {
    return parsed(line, SmtpCommand.Rcpt.class);
  }

  private static Mailbox mailbox(String line) {
    ForwardPath path = rcpt(line).forwardPath();
    assertThat(path).isInstanceOf(ForwardPath.To.class);
    return ((ForwardPath.To) path).mailbox();
  }

  @Test
  void plainRecipient() {
    SmtpCommand.Rcpt r = rcpt("RCPT TO:<bob@example.test>");
    assertThat(r.forwardPath()).isEqualTo(new ForwardPath.To(Mailbox.parse("bob@example.test")));
    assertThat(r.forwardPath()).hasToString("<bob@example.test>");
    assertThat(r.parameters()).isEqualTo(RcptParameters.NONE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"RCPT TO:<Postmaster>", "rcpt to:<postmaster>", "RCPT TO: <POSTMASTER>"})
  void barePostmaster(String line) {
    assertThat(rcpt(line).forwardPath()).isEqualTo(new ForwardPath.Postmaster());
    assertThat(rcpt(line).forwardPath().needsSmtpUtf8()).isFalse();
  }

  @Test
  void postmasterWithDomainIsAMailbox() {
    assertThat(mailbox("RCPT TO:<postmaster@example.test>").localPart()).isEqualTo("postmaster");
  }

  // Relay tricks: the parser keeps them visible, the server refuses them.

  @Test
  void percentHackStaysInTheLocalPart() {
    Mailbox m = mailbox("RCPT TO:<user%other.test@ourdomain.test>");
    assertThat(m.localPart()).isEqualTo("user%other.test");
    assertThat(m.domain().ascii()).isEqualTo("ourdomain.test");
  }

  @Test
  void bangPathStaysInTheLocalPart() {
    assertThat(mailbox("RCPT TO:<other.test!user@ourdomain.test>").localPart()).isEqualTo("other.test!user");
  }

  @Test
  void sourceRouteIsDropped() {
    Mailbox m = mailbox("RCPT TO:<@a.test,@b.test:user@c.test>");
    assertThat(m).isEqualTo(Mailbox.parse("user@c.test"));
    assertThat(mailbox("RCPT TO:<@ourdomain.test:user@other.test>").domain().ascii()).isEqualTo("other.test");
  }

  @Test
  void quotedAtStaysInTheLocalPart() {
    Mailbox m = mailbox("RCPT TO:<\"a@b\"@c.test>");
    assertThat(m.localPart()).isEqualTo("a@b");
    assertThat(m.quotedLocalPart()).isTrue();
    assertThat(m.domain().ascii()).isEqualTo("c.test");
    assertThat(m).hasToString("\"a@b\"@c.test");
  }

  @ParameterizedTest
  @ValueSource(strings = {"RCPT TO:<user@other.test@ourdomain.test>", "RCPT TO:<>", "RCPT TO:<user>",
      "RCPT TO:<@a.test,b.test:user@c.test>", "RCPT TO:<@a.test,@:user@c.test>", "RCPT TO:<@a.test;user@c.test>",
      "RCPT TO:<@[192.0.2.1]:user@c.test>", "RCPT TO:<@例子.测试:user@c.test>", "RCPT TO:<Postmaster@>",
      "RCPT TO:<\"a\"b@c.test>", "RCPT TO:<a@b.test:25>", "RCPT TO:<a@b_c.test>",
      "RCPT TO:<a(comment)@b.test>", "RCPT TO:<a@b.test (comment)>"})
  void badRecipientAddress(String line) {
    assertThat(rejected(line, 501, "5.1.3").lines()).containsExactly("Bad recipient address syntax");
  }

  @ParameterizedTest
  @ValueSource(strings = {"RCPT", "RCPT TO:", "RCPT TO:bob@example.test", "RCPT FROM:<bob@example.test>",
      "RCPT TO <bob@example.test>", "RCPT TO:<bob@example.test>NOTIFY=NEVER", "RCPT TO:<bob@example.test"})
  void syntaxErrors(String line) {
    assertThat(rejected(line, 501, "5.5.4").lines()).containsExactly("Syntax: RCPT TO:<address> [parameters]");
  }

  @Test
  void internationalizedRecipient() {
    Mailbox m = mailbox("RCPT TO:<用户@例子.测试>");
    assertThat(m.needsSmtpUtf8()).isTrue();
    assertThat(m.localPart()).isEqualTo("用户");
    assertThat(m.domain().ascii()).isEqualTo("xn--fsqu00a.xn--0zwm56d");
    assertThat(m.domain().unicode()).isEqualTo("例子.测试");
    assertThat(rcpt("RCPT TO:<用户@例子.测试>").forwardPath().needsSmtpUtf8()).isTrue();
  }

  @Test
  void asciiLocalPartWithULabelDomainNeedsSmtpUtf8ButALabelsDoNot() {
    assertThat(mailbox("RCPT TO:<user@例子.测试>").needsSmtpUtf8()).isTrue();
    Mailbox aLabels = mailbox("RCPT TO:<user@xn--fsqu00a.xn--0zwm56d>");
    assertThat(aLabels.needsSmtpUtf8()).isFalse();
    assertThat(aLabels.domain().unicode()).isEqualTo("例子.测试");
    assertThat(aLabels).isEqualTo(mailbox("RCPT TO:<user@例子.测试>"));
  }

  @Test
  void addressLiteralRecipient() {
    Mailbox m = mailbox("RCPT TO:<user@[192.0.2.7]>");
    assertThat(m.domain()).isInstanceOf(AddressLiteral.class);
    assertThat(m.domain().ascii()).isEqualTo("[192.0.2.7]");
  }

  @Test
  void dsnParameters() {
    RcptParameters p = rcpt("RCPT TO:<bob@example.test> NOTIFY=SUCCESS,DELAY ORCPT=rfc822;bob+2Btag@example.test")
        .parameters();
    assertThat(p.notifyOn()).containsExactlyInAnyOrder(DsnNotify.SUCCESS, DsnNotify.DELAY);
    assertThat(p.orcpt()).hasValue(new OriginalRecipient("rfc822", "bob+tag@example.test"));
  }

  @Test
  void notifyValuesAreCaseInsensitive() {
    assertThat(rcpt("RCPT TO:<a@b.test> notify=never").parameters().notifyOn()).containsExactly(DsnNotify.NEVER);
    assertThat(rcpt("RCPT TO:<a@b.test> NOTIFY=failure,Success,DELAY").parameters().notifyOn())
        .isEqualTo(Set.of(DsnNotify.FAILURE, DsnNotify.SUCCESS, DsnNotify.DELAY));
  }

  @ParameterizedTest
  @ValueSource(strings = {"NOTIFY=NEVER,SUCCESS", "NOTIFY=FAILURE,NEVER"})
  void neverIsExclusive(String param) {
    assertThat(rejected("RCPT TO:<a@b.test> " + param, 501, "5.5.4").lines().get(0)).contains("NEVER");
  }

  @ParameterizedTest
  @ValueSource(strings = {"NOTIFY=", "NOTIFY", "NOTIFY=ALWAYS", "NOTIFY=SUCCESS,", "NOTIFY=,SUCCESS",
      "NOTIFY=SUCCESS,SUCCESS", "NOTIFY=SUCCESS;DELAY", "ORCPT=", "ORCPT", "ORCPT=rfc822", "ORCPT=;a@b.test",
      "ORCPT=rfc822;", "ORCPT=rfc822;a+2", "ORCPT=rfc822;a+0Ab@c.test", "ORCPT=rf(c822;a@b.test",
      "ORCPT=utf-8;a+2Bb@c.test", "ORCPT=utf-8;a\\x{D800}@c.test", "ORCPT=utf-8;a\\x{0A}@c.test",
      "ORCPT=utf-8;a\\x{}@c.test", "ORCPT=utf-8;a\\x{110000}@c.test", "ORCPT=utf-8;a\\y@c.test"})
  void badDsnValuesNameTheParameter(String param) {
    String keyword = param.contains("=") ? param.substring(0, param.indexOf('=')) : param;
    assertThat(rejected("RCPT TO:<a@b.test> " + param, 501, "5.5.4").lines().get(0)).contains(keyword);
  }

  @Test
  void orcptLengthLimit() {
    String value = "rfc822;" + "a".repeat(480) + "@b.test";
    assertThat(value.length()).isLessThanOrEqualTo(500);
    assertThat(rcpt("RCPT TO:<a@b.test> ORCPT=" + value).parameters().orcpt()).isPresent();
    rejected("RCPT TO:<a@b.test> ORCPT=" + value + "x".repeat(501 - value.length()), 501, "5.5.4");
  }

  @Test
  void orcptUtf8AddressType() {
    OriginalRecipient o = rcpt("RCPT TO:<a@b.test> ORCPT=UTF-8;\\x{7528}\\x{6237}@example.test").parameters()
        .orcpt().orElseThrow();
    assertThat(o).isEqualTo(new OriginalRecipient("utf-8", "用户@example.test"));
    OriginalRecipient raw = rcpt("RCPT TO:<a@b.test> ORCPT=utf-8;用户@例子.测试").parameters().orcpt().orElseThrow();
    assertThat(raw.address()).isEqualTo("用户@例子.测试");
    assertThat(raw.toParameterValue()).isEqualTo("utf-8;\\x{7528}\\x{6237}@\\x{4F8B}\\x{5B50}.\\x{6D4B}\\x{8BD5}");
  }

  @Test
  void orcptOtherAddressTypesAreXtext() {
    OriginalRecipient o = rcpt("RCPT TO:<a@b.test> ORCPT=X400;c+3Dus").parameters().orcpt().orElseThrow();
    assertThat(o).isEqualTo(new OriginalRecipient("x400", "c=us"));
    assertThat(o.toParameterValue()).isEqualTo("x400;c+3Dus");
  }

  @ParameterizedTest
  @ValueSource(strings = {"SIZE=10", "SMTPUTF8", "REQUIRETLS", "BODY=8BITMIME", "RET=FULL", "XFOO"})
  void mailParametersAreUnknownOnRcpt(String param) {
    rejected("RCPT TO:<a@b.test> " + param, 555, "5.5.4");
  }

  @Test
  void duplicateRcptParameter() {
    assertThat(rejected("RCPT TO:<a@b.test> NOTIFY=NEVER notify=NEVER", 501, "5.5.4").lines())
        .containsExactly("Duplicate parameter NOTIFY");
  }
}
