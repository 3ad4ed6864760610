package dev.ingestrunbooks.sandbox.materialize.pgwire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Exact bytes of each backend message encoder. */
class BackendMessagesTest {

    @Test
    void authenticationMessages() {
        assertThat(Hex.of(BackendMessages.authenticationOk())).isEqualTo("52 00 00 00 08 00 00 00 00");
        assertThat(Hex.of(BackendMessages.authenticationCleartextPassword())).isEqualTo("52 00 00 00 08 00 00 00 03");
    }

    @Test
    void parameterStatusIsTwoCStrings() {
        assertThat(BackendMessages.parameterStatus("a", "bc")).containsExactly(Hex.bytes("53 00000009 61 00 62 63 00"));
    }

    @Test
    void backendKeyDataAndReadyForQuery() {
        assertThat(BackendMessages.backendKeyData(1000, -1)).containsExactly(Hex.bytes("4b 0000000c 000003e8 ffffffff"));
        assertThat(BackendMessages.readyForQuery(TransactionStatus.IDLE)).containsExactly(Hex.bytes("5a 00000005 49"));
        assertThat(BackendMessages.readyForQuery(TransactionStatus.IN_BLOCK)).containsExactly(Hex.bytes("5a 00000005 54"));
        assertThat(BackendMessages.readyForQuery(TransactionStatus.FAILED)).containsExactly(Hex.bytes("5a 00000005 45"));
    }

    @Test
    void rowDescriptionListsEveryFieldAttribute() {
        Column column = new Column("x", 16384, (short) 2, PgTypes.INT4, (short) 4, -1);
        assertThat(Hex.of(BackendMessages.rowDescription(List.of(column), List.of((short) 1))))
                .isEqualTo("54 00 00 00 1a 00 01 78 00 00 00 40 00 00 02 00 00 00 17 00 04 ff ff ff ff 00 01");
    }

    @Test
    void dataRowWritesNullAsMinusOne() {
        byte[][] values = {{'4', '2'}, null, {}};
        assertThat(Hex.of(BackendMessages.dataRow(values)))
                .isEqualTo("44 00 00 00 14 00 03 00 00 00 02 34 32 ff ff ff ff 00 00 00 00");
    }

    @Test
    void completionsAndEmptyMessages() {
        assertThat(BackendMessages.commandComplete("SELECT 1")).containsExactly(Hex.bytes("43 0000000d 53454c4543542031 00"));
        assertThat(BackendMessages.emptyQueryResponse()).containsExactly(Hex.bytes("49 00000004"));
        assertThat(BackendMessages.parseComplete()).containsExactly(Hex.bytes("31 00000004"));
        assertThat(BackendMessages.bindComplete()).containsExactly(Hex.bytes("32 00000004"));
        assertThat(BackendMessages.closeComplete()).containsExactly(Hex.bytes("33 00000004"));
        assertThat(BackendMessages.noData()).containsExactly(Hex.bytes("6e 00000004"));
        assertThat(BackendMessages.portalSuspended()).containsExactly(Hex.bytes("73 00000004"));
        assertThat(BackendMessages.declineEncryption()).containsExactly('N');
    }

    @Test
    void parameterDescriptionListsTypeOids() {
        assertThat(BackendMessages.parameterDescription(List.of(PgTypes.INT8, PgTypes.TEXT)))
                .containsExactly(Hex.bytes("74 0000000e 0002 00000014 00000019"));
    }

    @Test
    void errorResponseCarriesSeverityCodeMessageDetailAndHint() {
        SqlError error = new SqlError("ERROR", "42P01", "m", "d", "h");
        assertThat(Hex.of(BackendMessages.errorResponse(error))).isEqualTo("45 00 00 00 23"
                + " 53 45 52 52 4f 52 00 56 45 52 52 4f 52 00 43 34 32 50 30 31 00 4d 6d 00 44 64 00 48 68 00 00");
        assertThat(Hex.of(BackendMessages.noticeResponse(new SqlError("NOTICE", "00000", "x", null, null))))
                .isEqualTo("4e 00 00 00 1f 53 4e 4f 54 49 43 45 00 56 4e 4f 54 49 43 45 00 43 30 30 30 30 30 00 4d 78 00 00");
        assertThat(Hex.of(BackendMessages.errorResponse(SqlError.error("XX000", "x"))))
                .isEqualTo("45 00 00 00 1d 53 45 52 52 4f 52 00 56 45 52 52 4f 52 00 43 58 58 30 30 30 00 4d 78 00 00");
    }
}
