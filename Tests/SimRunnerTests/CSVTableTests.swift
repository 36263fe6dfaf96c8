import Testing
@testable import SimRunner

@Suite("CSV table")
struct CSVTableTests {
    @Test("a header row then data rows, each ending in \\n")
    func layout() {
        var table = CSVTable(columns: ["step", "meanTrust"])
        table.append(["0", "0.5"])
        table.append(["1", "0.25"])
        #expect(table.string == "step,meanTrust\n0,0.5\n1,0.25\n")
        #expect(table.rowCount == 2)
    }

    @Test("fields with a comma or quote are quoted with quotes doubled; control characters are escaped; others are verbatim",
          arguments: [
              ("plain", "plain"),
              ("with space", "with space"),
              ("a,b", "\"a,b\""),
              ("say \"hi\"", "\"say \"\"hi\"\"\""),
              ("line\nbreak", "line\\nbreak"),
              ("carriage\rreturn", "carriage\\rreturn"),
              ("crlf\r\n", "crlf\\r\\n"),
              ("red\u{1B}[31m, bell\u{7}", "\"red\\u{1b}[31m, bell\\u{7}\""),
              ("", ""),
              ("Zürich, naïve", "\"Zürich, naïve\""),
          ])
    func quoting(field: String, written: String) {
        var table = CSVTable(columns: ["a", "b"])
        table.append([field, "x"])
        #expect(table.string == "a,b\n\(written),x\n")
    }

    @Test("a row that is one empty field is written as \"\" so it is not a blank line")
    func loneEmptyField() {
        var table = CSVTable(columns: ["note"])
        table.append([""])
        #expect(table.string == "note\n\"\"\n")
    }

    @Test("numbers use the shortest round-trip text, integers without .0, no -0, and no NaN or infinity",
          arguments: [
              (0.1, "0.1"),
              (1e-300, "1e-300"),
              (-0.0, "0"),
              (0.0, "0"),
              (1e21, "1e+21"),
              (10000.0, "10000"),
              (1.0 / 3.0, "0.3333333333333333"),
              (-2.5, "-2.5"),
              (9007199254740991.0, "9007199254740991"),
              (-42.0, "-42"),
              (Double.nan, ""),
              (Double.infinity, ""),
              (-Double.infinity, ""),
          ])
    func doubleFormat(value: Double, text: String) {
        #expect(CSVTable.format(value) == text)
    }

    @Test("every finite formatted number reads back to the same Double")
    func roundTrip() {
        let values: [Double] = [0.1, 1e-300, 1e21, 1.0 / 3.0, 123456.789, -7.25e-9, 2.0e15, 9.007199254740993e15,
                                Double.leastNonzeroMagnitude, Double.greatestFiniteMagnitude, -1e308]
        for value in values {
            #expect(Double(CSVTable.format(value)) == value, "\(value)")
        }
    }

    @Test("integers are plain decimal")
    func intFormat() {
        #expect(CSVTable.format(0) == "0")
        #expect(CSVTable.format(-42) == "-42")
        #expect(CSVTable.format(Int.max) == "9223372036854775807")
    }

    @Test("taking bytes empties the buffer, so batches concatenate to the whole table")
    func streaming() {
        var whole = CSVTable(columns: ["i", "x"])
        var streamed = CSVTable(columns: ["i", "x"])
        var batches: [UInt8] = []
        for i in 0..<10 {
            let row = [CSVTable.format(i), CSVTable.format(Double(i) / 4)]
            whole.append(row)
            streamed.append(row)
            if i % 3 == 0 { batches += streamed.takeBytes() }
        }
        batches += streamed.takeBytes()
        #expect(batches == whole.bytes)
        #expect(streamed.bytes.isEmpty)
        #expect(streamed.rowCount == 10)
        #expect(String(decoding: batches, as: UTF8.self).hasPrefix("i,x\n0,0\n1,0.25\n"))
    }

    @Test("the header is quoted by the same rules")
    func headerQuoting() {
        #expect(CSVTable(columns: ["a,b", "c"]).string == "\"a,b\",c\n")
    }

    @Test("a row with the wrong number of fields stops the program")
    func wrongFieldCount() async {
        await #expect(processExitsWith: .failure) {
            var table = CSVTable(columns: ["a", "b"])
            table.append(["only one"])
        }
    }
}
