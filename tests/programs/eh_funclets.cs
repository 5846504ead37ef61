// Exception handling compiled as funclets: try/finally in loops left by
// break/continue/return, nested and sibling regions, typed catches (and
// catch of System.Object), filters with side effects in first-pass order,
// throw and rethrow from handlers, finally run while a callee's exception
// unwinds, using/lock/foreach with disposables, hardware and helper
// exceptions caught in the same method, a handler that allocates while the
// method's references live in its frame, and stack traces through the
// compiled frames; exceptions crossing five frames that alternate kiln
// and JIT code, both ways. Exit code 100 = pass.
// kiln-exclude-method: Cross:J
// kiln-expect-compiled: EhFunclets:
// kiln-expect-compiled: Cross:K
using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text;

class Log {
    public static StringBuilder Sb = new StringBuilder();
    public static void W(string s) { Sb.Append(s); Sb.Append(';'); }
}

class AppError : Exception {
    public int Code;
    public AppError(int code) : base("app " + code) { Code = code; }
}

class Res : IDisposable {
    string name;
    public Res(string n) { name = n; Log.W("open " + n); }
    public void Dispose() { Log.W("close " + name); }
}

class Node {
    public Node Next;
    public int Value;
}

// K* run from kiln's image, J* are left to the JIT.
static class Cross {
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int K1(int n) {
        try { return J2(n); }
        catch (AppError e) { Log.W("K1 caught " + e.Code); return e.Code; }
        finally { Log.W("K1 finally"); }
    }
    [MethodImpl(MethodImplOptions.NoInlining)]
    static int J2(int n) { try { return K3(n) + 1; } finally { Log.W("J2 finally"); } }
    [MethodImpl(MethodImplOptions.NoInlining)]
    static int K3(int n) { try { return J4(n) + 1; } finally { Log.W("K3 finally"); } }
    [MethodImpl(MethodImplOptions.NoInlining)]
    static int J4(int n) { try { return K5(n) + 1; } finally { Log.W("J4 finally"); } }
    [MethodImpl(MethodImplOptions.NoInlining)]
    static int K5(int n) { if (n > 0) throw new AppError(n); return 0; }

    static bool Note(string s) { Log.W(s); return true; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int J1(int n) {
        try { return K2(n); }
        catch (AppError e) when (Note("J1 filter")) { return -e.Code; }
    }
    [MethodImpl(MethodImplOptions.NoInlining)]
    static int K2(int n) {
        try { return J3(n); }
        catch (InvalidOperationException) { return 0; }
        finally { Log.W("K2 finally"); }
    }
    [MethodImpl(MethodImplOptions.NoInlining)]
    static int J3(int n) { try { return K4(n); } finally { Log.W("J3 finally"); } }
    [MethodImpl(MethodImplOptions.NoInlining)]
    static int K4(int n) {
        try { return J5(n); }
        catch (AppError e) when (Note("K4 filter " + e.Code) && e.Code > 100) { return 1; }
        finally { Log.W("K4 finally"); }
    }
    [MethodImpl(MethodImplOptions.NoInlining)]
    static int J5(int n) { if (n > 0) throw new AppError(n); return 5; }
}

static class EhFunclets {
    static int Fail(int x) {
        if (x == 3) throw new AppError(x);
        if (x == 5) throw new InvalidOperationException("five");
        return x * 2;
    }

    // Loops whose bodies are protected, left by break, continue and return.
    static int Loops(int n) {
        int total = 0;
        for (int i = 0; i < n; i++) {
            try {
                if (i == 1) continue;
                if (i == 6) break;
                total += i;
                try {
                    if (i == 4) return total * 1000;
                    total += 100;
                } finally {
                    total += 10000;
                    Log.W("inner " + i);
                }
            } finally {
                Log.W("outer " + i);
            }
        }
        return total;
    }

    static int Catches(int x) {
        int r = 0;
        try {
            r = Fail(x);
        } catch (AppError e) {
            r = -e.Code;
        } catch (InvalidOperationException e) {
            r = -100 - e.Message.Length;
        } finally {
            r += 1;
        }
        return r;
    }

    static int CatchAll(object o) {
        try {
            return ((string)o).Length;
        } catch {
            return -1;
        }
    }

    static bool Check(string what, bool verdict) {
        Log.W("filter " + what);
        return verdict;
    }

    static int Filters(int x) {
        try {
            try {
                Log.W("try " + x);
                Fail(x);
                return 0;
            } catch (AppError e) when (Check("inner", e.Code == 4)) {
                return 1;
            } finally {
                Log.W("finally " + x);
            }
        } catch (AppError e) when (Check("outer", e.Code == 3)) {
            return 2;
        } catch (Exception) when (Check("any", true)) {
            return 3;
        }
    }

    static int Rethrows(int x) {
        try {
            try {
                Fail(x);
            } catch (AppError) {
                Log.W("caught, rethrowing");
                throw;
            }
        } catch (AppError e) {
            return e.Code * 10;
        }
        return 0;
    }

    static int ThrowFromHandlers(int x) {
        try {
            try {
                Fail(x);
            } catch (AppError e) {
                throw new InvalidOperationException("from catch " + e.Code);
            } finally {
                Log.W("finally sees the new exception coming");
            }
        } catch (InvalidOperationException e) {
            Log.W(e.Message);
            return 7;
        }
        return 0;
    }

    static int ThrowFromFinally() {
        try {
            try {
                Fail(3);
            } finally {
                throw new InvalidOperationException("replaced");
            }
        } catch (AppError) {
            return 1;
        } catch (InvalidOperationException e) {
            Log.W(e.Message);
            return 2;
        }
    }

    static void Unwinds(int depth) {
        try {
            if (depth == 0) Fail(3);
            else Unwinds(depth - 1);
        } finally {
            Log.W("unwind " + depth);
        }
    }

    static int Fault(int x) {
        // A fault handler is what C# uses for iterators; IL-level faults are
        // covered through `foreach` over a yield iterator below.
        int sum = 0;
        foreach (int v in Numbers(x)) sum += v;
        return sum;
    }

    static IEnumerable<int> Numbers(int n) {
        try {
            for (int i = 0; i < n; i++) yield return i;
        } finally {
            Log.W("numbers done");
        }
    }

    static int Usings() {
        int r = 0;
        using (var a = new Res("a")) {
            using (var b = new Res("b")) {
                r = 1;
            }
            r += 10;
        }
        try {
            using (var c = new Res("c")) {
                Fail(5);
            }
        } catch (InvalidOperationException) {
            r += 100;
        }
        return r;
    }

    static object gate = new object();
    static int counter;

    static int Locks(int n) {
        for (int i = 0; i < n; i++) {
            lock (gate) {
                counter += i;
            }
        }
        try {
            lock (gate) {
                Fail(3);
            }
        } catch (AppError) {
            counter += 1000;
        }
        return counter;
    }

    static string Hardware(int which, int[] arr, Node node, object o) {
        try {
            switch (which) {
                case 0: return "" + node.Value;
                case 1: return "" + (10 / arr.Length);
                case 2: return "" + arr[5];
                case 3: return "" + checked(arr.Length + int.MaxValue);
                case 4: return (string)o;
                default: return "none";
            }
        } catch (NullReferenceException) {
            return "null";
        } catch (DivideByZeroException) {
            return "div0";
        } catch (IndexOutOfRangeException) {
            return "index";
        } catch (OverflowException) {
            return "overflow";
        } catch (InvalidCastException) {
            return "cast";
        }
    }

    // References live in this frame while the handler allocates heavily
    // (the harness runs the corpus under GC stress too).
    static int Allocating(int n) {
        Node head = null;
        for (int i = 0; i < n; i++) head = new Node { Next = head, Value = i };
        string keep = "kept" + n;
        int garbage = 0;
        try {
            Fail(3);
        } catch (AppError) {
            for (int i = 0; i < 2000; i++) {
                var tmp = new int[16 + i % 32];
                tmp[0] = i;
                garbage += tmp[0] & 1;
                var s = new StringBuilder();
                s.Append(i);
                garbage += s.Length & 1;
            }
        } finally {
            for (int i = 0; i < 500; i++) head = new Node { Next = head, Value = head.Value + 1 };
        }
        int sum = 0;
        for (Node p = head; p != null; p = p.Next) sum += p.Value & 7;
        return sum + garbage + keep.Length;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static void Level3() { throw new AppError(33); }
    [MethodImpl(MethodImplOptions.NoInlining)]
    static void Level2() { try { Level3(); } finally { Log.W("level2"); } }
    [MethodImpl(MethodImplOptions.NoInlining)]
    static void Level1() { Level2(); }

    static string Trace() {
        try {
            Level1();
        } catch (AppError e) {
            var sb = new StringBuilder();
            foreach (string line in e.StackTrace.Split('\n')) {
                string t = line.Trim();
                int paren = t.IndexOf('(');
                sb.Append(paren > 0 ? t.Substring(0, paren) : t);
                sb.Append('|');
            }
            return sb.ToString();
        }
        return "no trace";
    }

    static void Swap(ref int a, ref int b) {
        try {
            int t = a;
            a = b;
            b = t;
            if (a == b) Fail(3);
        } finally {
            Log.W("swapped " + a + " " + b);
        }
    }

    static bool TryParse(string s, out int value) {
        try {
            value = int.Parse(s);
            return true;
        } catch (FormatException) {
            value = -1;
            return false;
        }
    }

    static int EntryTry(int x) {
        try {
            while (x < 100) x = x * 2 + 1;
        } finally {
            x += 1;
        }
        return x;
    }

    static int failures;

    static void expect(string what, object got, object want) {
        bool ok = Equals(got, want);
        Console.WriteLine("{0}: {1}{2}", what, got, ok ? "" : " (want " + want + ")");
        if (!ok) failures++;
    }

    static int Main() {
        expect("loops 3", Loops(3), 20202);
        expect("loops 5", Loops(5), 30309000);
        expect("loops 9", Loops(9), 30309000);
        expect("catches 2", Catches(2), 5);
        expect("catches 3", Catches(3), -2);
        expect("catches 5", Catches(5), -103);
        expect("catch all", CatchAll(42), -1);
        expect("catch all str", CatchAll("abc"), 3);
        expect("filters 3", Filters(3), 2);
        expect("filters 4", Filters(4), 0);
        expect("filters 5", Filters(5), 3);
        expect("filters 6", Filters(6), 0);
        expect("rethrows", Rethrows(3), 30);
        expect("throw from handlers", ThrowFromHandlers(3), 7);
        expect("throw from finally", ThrowFromFinally(), 2);
        try { Unwinds(3); } catch (AppError e) { Log.W("unwound " + e.Code); }
        expect("fault", Fault(4), 6);
        expect("usings", Usings(), 111);
        expect("locks", Locks(5), 1010);
        var arr = new int[0];
        for (int w = 0; w < 6; w++)
            expect("hardware " + w, Hardware(w, w == 2 || w == 3 ? new int[3] : arr, w == 0 ? null : new Node(), w == 4 ? (object)new Node() : "str"), new[] { "null", "div0", "index", "overflow", "cast", "none" }[w]);
        expect("allocating", Allocating(50), 3835);
        expect("entry try", EntryTry(1), 128);
        int p = 1, q = 2;
        Swap(ref p, ref q);
        expect("swap", p * 10 + q, 21);
        try { Swap(ref p, ref p); } catch (AppError) { Log.W("same"); }
        int parsed;
        expect("parse ok", TryParse("123", out parsed) ? parsed : 0, 123);
        expect("parse bad", TryParse("x1", out parsed) ? 0 : parsed, -1);
        expect("cross kiln-JIT 0", Cross.K1(0), 3);
        expect("cross kiln-JIT 9", Cross.K1(9), 9);
        expect("cross JIT-kiln 0", Cross.J1(0), 5);
        expect("cross JIT-kiln 9", Cross.J1(9), -9);
        Console.WriteLine(Trace());
        Console.WriteLine(Log.Sb.ToString());
        return failures == 0 ? 100 : 1;
    }
}
