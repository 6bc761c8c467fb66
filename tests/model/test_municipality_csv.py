"""Reading municipalities from a CSV file as Norwegian Excel saves it."""

from facilitate.model.municipality_csv import Row, parse


def messages(parsed):
    return [(p.line, p.message % p.params) for p in parsed.problems]


def test_excel_csv_utf8_with_bom_semicolons_and_crlf():
    data = ("\ufeffNavn;Kommunenummer;Forventede deltakere\r\n"
            "Sola;1124;6\r\nHå;1119;\r\nOslo;0301;12\r\n").encode()
    parsed = parse(data)
    assert parsed.ok
    assert parsed.rows == [Row(2, "Sola", "1124", 6), Row(3, "Hå", "1119", None),
                           Row(4, "Oslo", "0301", 12)]


def test_commas_without_bom_and_english_headers_and_extra_columns():
    parsed = parse(b"municipality,number,expected_participants,contact\n"
                   b"Bod\xc3\xb8,1804,9,kari@example.no\n")
    assert parsed.ok
    assert parsed.rows == [Row(2, "Bodø", "1804", 9)]
    assert parsed.ignored_columns == ["contact"]


def test_the_expected_participants_column_may_be_left_out():
    assert parse(b"kommune;knr\nSola;1124\n").rows == [Row(2, "Sola", "1124", None)]


def test_every_bad_row_is_reported_with_its_line():
    data = (b"navn;kommunenummer;deltakere\n"
            b"Sola;1124;6\n"
            b";1108;3\n"          # 3: no name
            b"Sandnes;11a8;3\n"   # 4: not digits
            b"Oslo;301;\n"        # 5: Excel ate the zero
            b"Time;1121;mange\n"  # 6: not a number
            b"\n"                 # 7: blank, skipped
            b";;\n"               # 8: only separators, skipped
            b"Sola;1125;2\n"      # 9: name again
            b"Klepp;1124;2\n"     # 10: number again
            )
    parsed = parse(data)
    assert not parsed.ok
    found = messages(parsed)
    assert [line for line, _ in found] == [3, 4, 5, 6, 9, 10]
    assert found[0][1] == "The name is missing."
    assert "“11a8”" in found[1][1]
    assert "0301" in found[2][1] and "leading zero" in found[2][1]
    assert "mange" in found[3][1]
    assert found[4][1] == "Sola is already on line 2."
    assert found[5][1] == "Kommunenummer 1124 is already on line 2."


def test_a_quoted_line_break_keeps_the_line_numbers_right():
    parsed = parse(b'navn;knr\n"Sola\nkommune";1124\nX;12\n')
    assert messages(parsed)[-1][0] == 4


def test_files_that_are_not_a_list_of_municipalities():
    assert messages(parse(b"")) and messages(parse(b""))[0][0] is None
    assert "not UTF-8" in messages(parse("navn;knr\nH\xe5;1119\n".encode("cp1252")))[0][1]
    assert messages(parse("navn;knr\nH\xe5;1119\n".encode("cp1252")))[0][0] == 2
    header = messages(parse(b"foo;bar\n1;2\n"))
    assert header[0][0] == 1 and "name and kommunenummer" in header[0][1]
    assert "no municipalities" in messages(parse(b"navn;knr\n\n"))[0][1]
    assert "not a CSV" in messages(parse(b"navn;knr\n\x00\x01"))[0][1]
