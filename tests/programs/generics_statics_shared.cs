// Static fields of generic instantiations read and written by shared
// (canonical, __Canon) code: PerType<T>.Count inside PerType<T>'s own
// methods and from other shared code (a generic method, another generic
// class, a generic struct) — each instantiation over a reference type has
// its own statics, which the code finds by looking the exact MethodTable
// up in its generic dictionary and asking the runtime for that type's
// static base (the runtime's helper runs the instantiation's class
// constructor first). Values are cross-checked per instantiation, with
// reflection, and after garbage collections.
// kiln-expect-compiled: Program:Main(
// kiln-expect-compiled: PerType`1[System.__Canon]:Bump()
// kiln-expect-compiled: PerType`1[System.__Canon]:Remember(System.__Canon)
// kiln-expect-compiled: PerType`1[System.__Canon]:Describe()
// kiln-expect-compiled: PerType`1[System.__Canon]:AddTotal(long)
// kiln-expect-compiled: Util:BumpOf[System.__Canon]()
// kiln-expect-compiled: Util:NameOf[System.__Canon]()
// kiln-expect-compiled: Other`1[System.__Canon]:Peek()
// kiln-expect-compiled: Traced`1[System.__Canon]:Get()
// kiln-expect-compiled: Traced`1[System.__Canon]:Guarded(bool)
// kiln-expect-compiled: Wrapper`1[System.__Canon]:Count()
using System;
using System.Reflection;
using System.Runtime.CompilerServices;

class PerType<T> where T : class
{
    public static int Count;
    public static T Last;
    public static long Total;
    public static double Ratio = 0.5;
    public static string Name = typeof(T).Name;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Bump()
    {
        Count++;
        Ratio *= 2;
        return Count;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public void Remember(T v)
    {
        Last = v;
        GC.Collect();
        Count += 100;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static string Describe()
    {
        return Name + ":" + Count + ":" + (Last == null ? "null" : Last.ToString()) + ":" + Ratio + ":" + Total;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void AddTotal(long v) { Total += v; }
}

// A class constructor with side effects (no beforefieldinit): it must run
// before the first access, once per instantiation.
class Traced<T> where T : class
{
    public static string Log = "";
    public static int Value;

    static Traced()
    {
        Value = typeof(T).Name.Length;
        Log = "cctor " + typeof(T).Name;
        Console.WriteLine("Traced<" + typeof(T).Name + "> initialized");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Get() { return Value; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Guarded(bool fail)
    {
        int r = 0;
        try
        {
            if (fail) throw new InvalidOperationException("x");
            r = Value;
        }
        catch (InvalidOperationException)
        {
            r = -Value;
        }
        finally
        {
            Value += 1000;
        }
        return r;
    }
}

class Other<U> where U : class
{
    // Another generic class's shared code over its own parameter.
    [MethodImpl(MethodImplOptions.NoInlining)]
    public int Peek() { return PerType<U>.Count + PerType<U[]>.Count * 1000; }
}

struct Wrapper<T> where T : class
{
    public int Extra;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public int Count() { return PerType<T>.Count + Extra; }
}

class Util
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int BumpOf<T>() where T : class
    {
        PerType<T>.Count += 10;
        return PerType<T>.Count;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static string NameOf<T>() where T : class { return PerType<T>.Name; }
}

class Program
{
    static int failures;

    static void Check(bool ok, string what)
    {
        if (!ok)
        {
            failures++;
            Console.WriteLine("FAIL " + what);
        }
    }

    static int Reflected<T>(string field) where T : class
    {
        return (int)typeof(PerType<T>).GetField(field, BindingFlags.Public | BindingFlags.Static).GetValue(null);
    }

    static int Main()
    {
        Check(PerType<string>.Bump() == 1, "Bump string");
        Check(PerType<string>.Bump() == 2, "Bump string 2");
        Check(PerType<Version>.Bump() == 1, "Bump Version");
        new PerType<string>().Remember("kept");
        new PerType<Version>().Remember(new Version(1, 2));
        PerType<string>.AddTotal(1L << 40);
        PerType<string>.AddTotal(5);
        Check(PerType<string>.Count == 102 && PerType<Version>.Count == 101, "counts");
        Check(Reflected<string>("Count") == 102 && Reflected<Version>("Count") == 101, "reflection");
        typeof(PerType<object>).GetField("Count").SetValue(null, 7);
        Check(PerType<object>.Bump() == 8, "Bump after reflection");
        Console.WriteLine(PerType<string>.Describe());
        Console.WriteLine(PerType<Version>.Describe());
        Console.WriteLine(PerType<object>.Describe());

        Check(Util.BumpOf<string>() == 112, "BumpOf string");
        Check(Util.BumpOf<object>() == 18, "BumpOf object");
        Check(Util.NameOf<Version>() == "Version" && Util.NameOf<string[]>() == "String[]", "NameOf");

        Check(new Other<string>().Peek() == 112, "Peek string");
        PerType<string[]>.Bump();
        Check(new Other<string>().Peek() == 1112, "Peek string[]");

        Wrapper<Version> w = new Wrapper<Version>();
        w.Extra = 5;
        Check(w.Count() == 106, "Wrapper");

        Console.WriteLine("before Traced");
        Check(Traced<string>.Get() == 6, "Traced string");
        Check(Traced<Version>.Get() == 7, "Traced Version");
        Check(Traced<string>.Log == "cctor String", "Traced log");
        Check(Traced<string>.Guarded(false) == 6 && Traced<string>.Guarded(true) == -1006, "Guarded");
        Check(Traced<string>.Get() == 2006 && Traced<Version>.Get() == 7, "Guarded after");

        for (int i = 0; i < 3000; i++)
        {
            PerType<string>.Bump();
            if (i % 1000 == 0)
            {
                new PerType<string>().Remember("v" + i);
            }
        }
        Console.WriteLine(PerType<string>.Describe().Length);
        Check(PerType<string>.Last == "v2000", "Last after churn");

        Console.WriteLine(failures == 0 ? "ok" : "failures: " + failures);
        return failures == 0 ? 100 : 1;
    }
}
