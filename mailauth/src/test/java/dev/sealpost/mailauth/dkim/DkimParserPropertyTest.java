package dev.sealpost.mailauth.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Tag lists, signature fields and key records from random input: parsed, or a DkimSyntaxException. */
class DkimParserPropertyTest {

  @Property(tries = 3000)
  void signatureFieldsParseOrAreASyntaxError(@ForAll("tagish") String value) {
    try {
      DkimSignatureField f = DkimSignatureField.parse(new HeaderField("DKIM-Signature", "DKIM-Signature:" + value));
      assertThat(f.signedNames()).contains("from");
    } catch (DkimSyntaxException e) {
      assertThat(e.getMessage()).isNotEmpty();
    }
  }

  @Property(tries = 3000)
  void keyRecordsParseOrAreASyntaxError(@ForAll("tagish") String value) {
    try {
      DkimKeyRecord.parse(value);
    } catch (DkimSyntaxException e) {
      assertThat(e.getMessage()).isNotEmpty();
    }
  }

  @Provide
  Arbitrary<String> tagish() {
    Arbitrary<String> pieces = Arbitraries.of("v=1", "v=DKIM1", "a=rsa-sha256", "a=ed25519-sha256", "b=", "bh=",
        "b=YWJj", "bh=YWJj", "d=example.com", "d=", "d=.", "h=from:to", "h=to", "s=sel", "s=", "c=relaxed/simple",
        "c=odd", "i=@example.com", "i=x@other.com", "l=12", "l=-1", "l=99999999999999999999", "t=1", "x=0", "q=dns/txt",
        "k=rsa", "k=ed25519", "p=", "p=MIIB", "p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=", ";", " ", "\r\n\t",
        "=", "x", "\u00e9");
    return pieces.list().ofMaxSize(14).map(l -> String.join("", l));
  }
}
