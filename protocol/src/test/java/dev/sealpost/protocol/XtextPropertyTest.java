package dev.sealpost.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class XtextPropertyTest {

  @Property(tries = 2000)
  void encodeThenDecodeIsIdentity(@ForAll("wellFormed") String text) {
    String encoded = Xtext.encode(text);
    assertThat(encoded.chars()).allMatch(c -> c >= 33 && c <= 126 && c != '=');
    assertThat(Xtext.decode(encoded)).isEqualTo(text);
  }

  @Property(tries = 2000)
  void utf8AddressEncodeThenDecodeIsIdentity(@ForAll("wellFormed") String text) {
    String encoded = Xtext.encodeUtf8Address(text);
    assertThat(encoded.chars()).allMatch(c -> c >= 33 && c <= 126 && c != '=' && c != '+');
    assertThat(Xtext.decodeUtf8Address(encoded)).isEqualTo(text);
  }

  @Property(tries = 2000)
  void decodeOfArbitraryTextThrowsOnlyIllegalArgument(@ForAll("xtextish") String text) {
    for (UnaryOperator<String> decoder : List.<UnaryOperator<String>>of(Xtext::decode, Xtext::decodeUtf8Address)) {
      try {
        decoder.apply(text);
      } catch (IllegalArgumentException expected) {
        assertThat(expected.getMessage()).isNotEmpty();
      }
    }
  }

  /** Any Unicode text: no unpaired surrogates, which UTF-8 cannot carry. */
  @Provide
  Arbitrary<String> wellFormed() {
    Arbitrary<String> bmp = Arbitraries.strings().withCharRange('\u0000', '\ud7ff').withCharRange('\ue000', '\uffff')
        .ofMaxLength(40);
    Arbitrary<String> astral = Arbitraries.integers().between(0x10000, 0x10ffff).list().ofMaxSize(5)
        .map(cps -> cps.stream().collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
            .toString());
    return Arbitraries.oneOf(bmp, astral, bmp.flatMap(a -> astral.map(a::concat)));
  }

  @Provide
  Arbitrary<String> xtextish() {
    return Arbitraries.oneOf(Arbitraries.strings().withChars("+=\\x{}0123456789ABCDEFabcdefG é\ud800").ofMaxLength(30),
        Arbitraries.strings().ofMaxLength(30));
  }
}
