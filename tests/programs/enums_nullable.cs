// Enums (every underlying type, flags, parsing, formatting) and Nullable<T>
// (lifted operators, null coalescing, HasValue/Value, comparisons).
using System;

enum Small : sbyte { Neg = -2, Zero = 0, Pos = 5 }
enum Wide : ulong { Low = 1, High = 1UL << 63 }
enum Plain { A, B, C, D }
[Flags] enum Perm : short { None = 0, Read = 1, Write = 2, Exec = 4, All = Read | Write | Exec }
enum Big : long { Min = long.MinValue, Max = long.MaxValue }

static class EnumsNullable
{
    static int failures;
    static void Check(bool ok, string what)
    {
        if (!ok) { failures++; Console.WriteLine("FAIL " + what); }
    }

    static Perm Grant(Perm p, Perm extra) { return p | extra; }
    static bool Can(Perm p, Perm what) { return (p & what) == what; }

    static int? Div(int a, int b) { if (b == 0) return null; return a / b; }

    static int Main()
    {
        Check((sbyte)Small.Neg == -2 && Small.Pos > Small.Zero && Small.Neg < Small.Zero, "sbyte enum order");
        Check((ulong)Wide.High == 9223372036854775808UL && Wide.High > Wide.Low, "ulong enum compares unsigned");
        Check((long)Big.Min == long.MinValue, "long enum");
        Plain p = Plain.A;
        p++; p += 2;
        Check(p == Plain.D && (int)p == 3, "enum arithmetic");

        Perm perm = Perm.None;
        perm = Grant(perm, Perm.Read);
        perm = Grant(perm, Perm.Exec);
        Check(Can(perm, Perm.Read) && !Can(perm, Perm.Write) && Can(perm, Perm.Read | Perm.Exec), "flags");
        Check(perm.HasFlag(Perm.Exec) && !perm.HasFlag(Perm.All), "HasFlag");
        perm &= ~Perm.Read;
        Check(perm == Perm.Exec, "clear flag");

        string names = Plain.C + " " + Small.Neg + " " + (Perm.Read | Perm.Write) + " " + Perm.All + " " + (Plain)7 + " " + Wide.High;
        Console.WriteLine(names);
        Check(names == "C Neg Read, Write All 7 High", "enum ToString: " + names);
        Check((Plain)Enum.Parse(typeof(Plain), "B") == Plain.B, "Enum.Parse");
        Check(Enum.GetValues(typeof(Plain)).Length == 4 && Enum.IsDefined(typeof(Small), (sbyte)5), "enum reflection");
        Check(Plain.B.CompareTo(Plain.C) < 0 && Plain.D.Equals(Plain.D), "enum compare/equals");

        // Nullable<T> and lifted operators.
        int? a = 5, b = null, c = 7;
        Check((a + c) == 12 && (a + b) == null && !(a + b).HasValue, "lifted +");
        Check(a < c && !(a < b) && !(a > b) && a != b && b == null, "lifted comparisons");
        Check((b ?? 42) == 42 && (a ?? 42) == 5, "null coalescing");
        Check(Div(10, 2) == 5 && Div(1, 0) == null, "nullable return");
        Check(a.GetValueOrDefault() == 5 && b.GetValueOrDefault() == 0 && b.GetValueOrDefault(-1) == -1, "GetValueOrDefault");
        bool threw = false;
        try { int v = b.Value; Console.WriteLine(v); } catch (InvalidOperationException) { threw = true; }
        Check(threw, "Value of null throws");

        bool? t = true, f = false, n = null;
        Check((t & n) == null && (f & n) == false && (t | n) == true && (f | n) == null, "three-valued logic");

        double? dn = 2.5;
        long? ln = 3;
        Check(dn * ln == 7.5, "lifted mixed arithmetic");

        Perm? maybePerm = Perm.Write;
        Check((maybePerm | Perm.Read) == (Perm.Read | Perm.Write), "lifted enum or");

        int?[] arr = new int?[5];
        arr[2] = 9;
        int nulls = 0, sum = 0;
        foreach (int? e in arr) { if (e.HasValue) sum += e.Value; else nulls++; }
        Check(nulls == 4 && sum == 9, "array of nullable");

        Console.WriteLine((a + c) + " " + (a + b) + "|" + (b ?? -1));
        Console.WriteLine(failures == 0 ? "enums_nullable ok" : "enums_nullable FAILED");
        return failures == 0 ? 100 : 1;
    }
}
