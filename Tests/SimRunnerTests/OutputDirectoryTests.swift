import Foundation
import Testing
@testable import SimRunner

/// Runs `body` with a fresh, empty directory under the system temporary directory and
/// removes it afterwards, whatever happens.
private func withTemporaryDirectory(_ body: (URL) throws -> Void) throws {
    let root = FileManager.default.temporaryDirectory
        .appendingPathComponent("OutputDirectoryTests-\(UInt64.random(in: 0...UInt64.max))", isDirectory: true)
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: false)
    defer { try? FileManager.default.removeItem(at: root) }
    try body(root)
}

private func contents(of url: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
}

private func text(at url: URL) throws -> String {
    try String(contentsOf: url, encoding: .utf8)
}

/// The message of the `OutputDirectoryError` that `body` throws, or nil when it does not throw.
/// (Untyped `throws`: closures nested in other closures do not infer a typed throw.)
private func message(_ body: () throws -> Void) -> String? {
    do {
        try body()
        return nil
    } catch let error as OutputDirectoryError {
        return error.message
    } catch let error as UsageError {
        return error.description
    } catch {
        return "unexpected error type: \(error)"
    }
}

@Suite("Output directory")
struct OutputDirectoryTests {
    @Test("commit makes all files appear at the final path and leaves no staging directory")
    func commit() throws {
        try withTemporaryDirectory { root in
            let out = root.appendingPathComponent("results")
            let output = try OutputDirectory(finalURL: out, force: false)
            try output.write(Array("a,b\n1,2\n".utf8), to: "series.csv")
            try output.write(Data("{}".utf8), to: "runs/0001/summary.json")
            try output.write("notes", to: "./notes.txt")
            // While staging: the hidden staging directory and the lock, nothing at the final path.
            #expect(try contents(of: root).count == 2)
            #expect(try contents(of: root).filter { $0.hasPrefix(".results.partial-") }.count == 1)
            #expect(try contents(of: root).contains(".results.lock"))
            #expect(!FileManager.default.fileExists(atPath: out.path))

            try output.commit()
            #expect(try contents(of: root) == ["results"])
            #expect(try contents(of: out) == [".simrunner-output", "notes.txt", "runs", "series.csv"])
            #expect(OutputMarker.read(out)?.files == ["notes.txt", "runs/0001/summary.json", "series.csv"])
            #expect(try text(at: out.appendingPathComponent("series.csv")) == "a,b\n1,2\n")
            #expect(try text(at: out.appendingPathComponent("runs/0001/summary.json")) == "{}")
            output.discard()  // harmless after commit
            #expect(try contents(of: out).count == 4)
        }
    }

    @Test("missing parent directories of the final path are created")
    func createsParents() throws {
        try withTemporaryDirectory { root in
            let out = root.appendingPathComponent("a/b/results")
            let output = try OutputDirectory(finalURL: out, force: false)
            try output.write("x", to: "x.txt")
            try output.commit()
            #expect(try text(at: out.appendingPathComponent("x.txt")) == "x")
            #expect(try contents(of: root.appendingPathComponent("a/b")) == ["results"])
        }
    }

    @Test("an existing directory is refused at init without --force, and left untouched")
    func refusesExisting() throws {
        try withTemporaryDirectory { root in
            let out = root.appendingPathComponent("results")
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: false)
            try Data("old".utf8).write(to: out.appendingPathComponent("old.txt"))

            let got = message { _ = try OutputDirectory(finalURL: out, force: false) }
            #expect(got == "output directory '\(DisplayPath.of(out))' already exists; pass --force to replace it or choose another --out")
            #expect(try contents(of: root) == ["results"])
            #expect(try contents(of: out) == ["old.txt"])
        }
    }

    @Test("with --force an existing output of simrunner is replaced whole at commit")
    func replacesWithForce() throws {
        try withTemporaryDirectory { root in
            let out = root.appendingPathComponent("results")
            let first = try OutputDirectory(finalURL: out, force: false)
            try first.write("old", to: "old.txt")
            try first.commit()

            let output = try OutputDirectory(finalURL: out, force: true)
            try output.write("new", to: "new.txt")
            #expect(try contents(of: out) == [".simrunner-output", "old.txt"])  // untouched until commit
            try output.commit()
            #expect(try contents(of: out) == [".simrunner-output", "new.txt"])
            #expect(try contents(of: root) == ["results"])  // old copy, staging and lock all gone
        }
    }

    @Test("a regular file at the final path is always refused")
    func refusesFile() throws {
        try withTemporaryDirectory { root in
            let out = root.appendingPathComponent("results")
            try Data("not a directory".utf8).write(to: out)
            for force in [false, true] {
                let got = message { _ = try OutputDirectory(finalURL: out, force: force) }
                #expect(got == "--out must be a directory, '\(DisplayPath.of(out))' is a file")
            }
            #expect(try contents(of: root) == ["results"])
            #expect(try text(at: out) == "not a directory")
        }
    }

    @Test("paths that escape the directory are refused", arguments: [
        "../evil.txt", "a/../../evil.txt", "a/..", "/tmp/evil.txt", "", ".", "./",
    ])
    func refusesEscapes(path: String) throws {
        try withTemporaryDirectory { root in
            let output = try OutputDirectory(finalURL: root.appendingPathComponent("results"), force: false)
            defer { output.discard() }
            let got = message { try output.write("x", to: path) }
            #expect(got == "refusing to write '\(path)': output paths must be relative and stay inside the output directory")
            #expect(try contents(of: root).filter { !$0.hasSuffix(".lock") }.count == 1)  // just the staging directory
            #expect(try contents(of: output.stagingURL) == [OutputMarker.fileName])
        }
    }

    @Test("discard removes the staging directory and everything in it")
    func discard() throws {
        try withTemporaryDirectory { root in
            let output = try OutputDirectory(finalURL: root.appendingPathComponent("results"), force: false)
            try output.write("x", to: "deep/x.txt")
            output.discard()
            output.discard()
            #expect(try contents(of: root).isEmpty)
        }
    }

    @Test("an output directory dropped without commit cleans up after itself")
    func deinitDiscards() throws {
        try withTemporaryDirectory { root in
            do {
                let output = try OutputDirectory(finalURL: root.appendingPathComponent("results"), force: false)
                try output.write("x", to: "x.txt")
            }
            #expect(try contents(of: root).isEmpty)
        }
    }

    @Test("a directory that appears during the run is refused at commit without --force")
    func appearsDuringRun() throws {
        try withTemporaryDirectory { root in
            let out = root.appendingPathComponent("results")
            let output = try OutputDirectory(finalURL: out, force: false)
            try output.write("x", to: "x.txt")
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: false)
            try Data("mine".utf8).write(to: out.appendingPathComponent("mine.txt"))
            #expect(message { try output.commit() }?.contains("already exists") == true)
            output.discard()
            #expect(try contents(of: root) == ["results"])
            #expect(try contents(of: out) == ["mine.txt"])
        }
    }

    @Test("errors name the path and the reason")
    func errorReasons() throws {
        try withTemporaryDirectory { root in
            let output = try OutputDirectory(finalURL: root.appendingPathComponent("results"), force: false)
            defer { output.discard() }
            try output.write("x", to: "a")
            let blocked = output.stagingURL.appendingPathComponent("a")
            #expect(message { try output.write("y", to: "a/b.txt") } == "cannot create directory '\(DisplayPath.of(blocked))': a file is in the way")

            try output.write("x", to: "dir/file.txt")
            let directory = output.stagingURL.appendingPathComponent("dir")
            let got = message { try output.write("y", to: "dir") }
            #expect(got?.hasPrefix("cannot write '\(DisplayPath.of(directory))': ") == true)
            #expect(got?.contains("directory") == true)  // the OS reason, e.g. "Is a directory"
        }
    }

    @Test("writeAtomically writes, replaces, and leaves no temporary file")
    func writeAtomically() throws {
        try withTemporaryDirectory { root in
            let file = root.appendingPathComponent("sub/summary.json")
            try OutputDirectory.writeAtomically(Data("one".utf8), to: file)
            try OutputDirectory.writeAtomically(Array("two".utf8), to: file)
            #expect(try text(at: file) == "two")
            #expect(try contents(of: root.appendingPathComponent("sub")) == ["summary.json"])

            let got = message { try OutputDirectory.writeAtomically(Data("x".utf8), to: root) }
            #expect(got?.hasPrefix("cannot write '\(DisplayPath.of(root))': ") == true)
            #expect(try contents(of: root.appendingPathComponent("sub")) == ["summary.json"])
        }
    }

    @Test("many tasks can write into one output directory at once")
    func concurrentWrites() async throws {
        let root = FileManager.default.temporaryDirectory
            .appendingPathComponent("OutputDirectoryTests-\(UInt64.random(in: 0...UInt64.max))", isDirectory: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let output = try OutputDirectory(finalURL: root.appendingPathComponent("results"), force: false)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<16 {
                group.addTask { try output.write("\(i)", to: "runs/\(i).txt") }
            }
            try await group.waitForAll()
        }
        try output.commit()
        #expect(try contents(of: output.finalURL.appendingPathComponent("runs")).count == 16)
    }
}
