// Thread-static fields ([ThreadStatic]) precompiled: ldsfld, stsfld and
// ldsflda through the ThreadStaticBaseGC/NonGC fixups (the calling thread's
// base): each thread sees its own values, starting from the defaults; the
// non-GC fields of every size and the GC (reference) fields sit where the
// runtime's own layout puts them (reflection reads back what compiled code
// wrote, and the reverse); a managed pointer to a thread-static reference
// is held across heavy allocation; a class constructor runs once, not per
// thread, and ordinary statics of the same class stay shared.
// kiln-expect-compiled: Program:Fill(
// kiln-expect-compiled: Program:Show(
// kiln-expect-compiled: Program:Bump(
// kiln-expect-compiled: Program:Worker(
// kiln-expect-compiled: Program:ChurnThrough(
// kiln-expect-compiled: Program:Run(
// kiln-expect-compiled: Counted:Touch(
using System;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Threading;

class Counted {
    public static int inits;
    public static int shared;
    [ThreadStatic] public static int mine;
    [ThreadStatic] public static string name;
    static Counted() { inits++; }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static string Touch(int v) {
        mine += v;
        shared += v;
        if (name == null) name = "t" + v;
        return name + "/" + mine + "/" + shared + "/" + inits;
    }
}

class Program {
    static int plain = 7;
    [ThreadStatic] static byte b;
    [ThreadStatic] static short s;
    [ThreadStatic] static int i;
    [ThreadStatic] static long l;
    [ThreadStatic] static double d;
    [ThreadStatic] static float f;
    [ThreadStatic] static object o;
    [ThreadStatic] static string str;
    [ThreadStatic] static int[] arr;
    [ThreadStatic] static char c;

    [MethodImpl(MethodImplOptions.NoInlining)]
    static void Fill(int k) {
        b = (byte)(k + 1);
        s = (short)(-k * 100);
        i = k * 1000 + 7;
        l = (long)k << 40 | 5;
        d = k + 0.25;
        f = k * 1.5f;
        o = new object[] { k };
        str = "s" + k;
        arr = new int[] { k, k + 1, k + 2 };
        c = (char)('a' + k);
        plain += k;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static string Show() {
        string a = arr == null ? "null" : arr[0] + "," + arr[1] + "," + arr[2];
        string oo = o == null ? "null" : ((object[])o)[0].ToString();
        return b + " " + s + " " + i + " " + l + " " + d + " " + f + " " + oo + " " +
            (str ?? "null") + " " + a + " " + (int)c + " plain=" + plain;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static int Bump(ref int x, int by) { x += by; return x; }

    // A managed pointer to a thread-static reference, held while the
    // collector runs (it must be reported as interior).
    [MethodImpl(MethodImplOptions.NoInlining)]
    static string ChurnThrough(ref string slot) {
        string keep = "";
        for (int n = 0; n < 2000; n++) {
            int[] junk = new int[n % 50 + 1];
            keep = "x" + n + junk.Length;
            if (n % 500 == 0) GC.Collect();
        }
        slot = slot + "|" + keep.Length;
        return slot;
    }

    static string workerResult;

    static void Worker() {
        string before = Show();
        Fill(3);
        Bump(ref i, 1);
        ChurnThrough(ref str);
        workerResult = "worker before: " + before + "\nworker after: " + Show() +
            "\nworker counted: " + Counted.Touch(5) + " " + Counted.Touch(1);
    }

    static string Reflect(string field) {
        FieldInfo fi = typeof(Program).GetField(field, BindingFlags.NonPublic | BindingFlags.Static);
        object v = fi.GetValue(null);
        if (v is object[] oa) return field + "=[" + oa[0] + "]";
        if (v is int[] ia) return field + "=int[" + ia.Length + "]";
        return field + "=" + (v ?? "null");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static void Run() {
        Console.WriteLine("main fresh: " + Show());
        Fill(1);
        Console.WriteLine("main filled: " + Show());
        Console.WriteLine("bump: " + Bump(ref i, 10) + " " + Bump(ref i, 10) + " " + i);
        Console.WriteLine("interlocked: " + Interlocked.Increment(ref l));
        Console.WriteLine("churn: " + ChurnThrough(ref str));
        Console.WriteLine("counted: " + Counted.Touch(2) + " " + Counted.Touch(2));
        Thread t = new Thread(Worker);
        t.Start();
        t.Join();
        Console.WriteLine(workerResult);
        Console.WriteLine("main again: " + Show());
        Console.WriteLine("counted again: " + Counted.Touch(1));
        // The runtime's view of the same fields (its own layout).
        foreach (string n in new[] { "b", "s", "i", "l", "d", "f", "o", "str", "arr", "c" })
            Console.Write(Reflect(n) + " ");
        Console.WriteLine();
        // And the reverse: the runtime writes, compiled code reads.
        typeof(Program).GetField("i", BindingFlags.NonPublic | BindingFlags.Static).SetValue(null, 424242);
        typeof(Program).GetField("d", BindingFlags.NonPublic | BindingFlags.Static).SetValue(null, -3.5);
        typeof(Program).GetField("str", BindingFlags.NonPublic | BindingFlags.Static).SetValue(null, "viaReflection");
        Console.WriteLine("after reflection: " + Show());
    }

    static int Main() {
        Run();
        return 100;
    }
}
