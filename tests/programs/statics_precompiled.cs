// Static fields of classes in the compiled assembly: ldsfld/stsfld of ints,
// longs, small integers, doubles and references through the runtime's
// static bases (StaticBaseNonGC/StaticBaseGC delay-load helper cells),
// class constructors with side effects run exactly where the IL first
// touches the class (precise semantics), a constructor that throws
// (TypeInitializationException from precompiled code), reference statics
// surviving compacting collections (the GC statics live in the heap),
// addresses of statics (ldsflda) passed as ref arguments, String.Empty
// (the interned "" — the same object the JIT's code sees).
using System;
using System.Threading;
using System.Runtime.CompilerServices;

class Counter {
    public static int count;
    public static long total;
    public static short small;
    public static byte tiny;
    public static bool flag;
    public static char letter;
    public static double average;
    public static float ratio;
    public static string name;
    public static int[] history;
    public static int seed = 7;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Add(int x) {
        count++;
        total += x;
        small = (short)(small + x);
        tiny = (byte)(tiny + x);
        flag = !flag;
        letter = (char)('a' + count % 26);
        average = (double)total / count;
        ratio = (float)count / 3;
        if (history == null) history = new int[8];
        history[count % 8] = x + seed;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static string Describe() {
        return name + ":" + count + "," + total + "," + small + "," + tiny + "," + flag + ","
            + letter + "," + average.ToString("R") + "," + ratio.ToString("R") + "," + history[1];
    }
}

class Log {
    public static string trail = "";
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Say(string s) { trail = trail + s + ";"; Console.WriteLine(s); }
}

class First {
    public static int value;
    static First() { Log.Say("First.cctor"); value = Second.value + 1; }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Get() { return value; }
}

class Second {
    public static int value;
    public static object boxed;
    static Second() { Log.Say("Second.cctor"); value = 41; boxed = "second"; }
}

class Third {
    public static long big;
    static Third() { Log.Say("Third.cctor"); big = 1L << 40; }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long Peek() { return 5; }
}

class Broken {
    public static int value;
    static Broken() { Log.Say("Broken.cctor"); if (Log.trail.Length > 0) throw new InvalidOperationException("broken"); }
}

class Node {
    public int v;
    public Node next;
    public Node(int v, Node next) { this.v = v; this.next = next; }
}

class Holder {
    public static Node head;
    public static object any;
    public static string text;
}

class Program {
    [MethodImpl(MethodImplOptions.NoInlining)]
    static int ReadFirst() { return First.value; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static void WriteThird(long v) { Log.Say("before Third"); Third.big += v; Log.Say("after Third"); }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static long ReadThird() { return Third.big; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static int TouchBroken() { return Broken.value; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static object ReadSecondBoxed() { return Second.boxed; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static void Build(int n) {
        Node h = null;
        for (int i = 0; i < n; i++) {
            h = new Node(i, h);
            Holder.any = new int[i % 5 + 1];
        }
        Holder.head = h;
        Holder.text = "built " + n;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static long Sum() {
        long s = 0;
        for (Node p = Holder.head; p != null; p = p.next) s += p.v;
        return s;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static void Churn(int n) {
        for (int i = 0; i < n; i++) {
            object junk = new long[16];
            if (i % 1000 == 0) Holder.any = junk;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static void Bump(ref long x, int by) { x += by; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static long Addresses() {
        Bump(ref Counter.total, 5);
        Interlocked.Increment(ref Counter.count);
        object old = Interlocked.Exchange(ref Holder.any, "swapped");
        return Counter.total * 100 + Counter.count + (old == null ? 0 : 1000000);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static string Empty() { return string.Empty; }

    static int Main() {
        Counter.name = "ctr";
        for (int i = 1; i <= 10; i++) Counter.Add(i * 3);
        Console.WriteLine(Counter.Describe());
        Console.WriteLine("start");
        Console.WriteLine(ReadFirst());
        Console.WriteLine(First.Get());
        Console.WriteLine(ReadSecondBoxed());
        Console.WriteLine(Third.Peek());
        WriteThird(3);
        Console.WriteLine(ReadThird());
        for (int k = 0; k < 2; k++) {
            try { Console.WriteLine(TouchBroken()); }
            catch (TypeInitializationException e) { Console.WriteLine("TIE " + e.InnerException.GetType().Name); }
        }
        Build(2000);
        GC.Collect(2, GCCollectionMode.Forced, true, true);
        Churn(20000);
        GC.Collect(2, GCCollectionMode.Forced, true, true);
        Console.WriteLine(Sum());
        Console.WriteLine(Holder.text);
        Console.WriteLine(Holder.any.GetType().Name);
        Console.WriteLine(Addresses());
        Console.WriteLine(Holder.any);
        Console.WriteLine(Empty().Length + " " + object.ReferenceEquals(Empty(), string.Empty));
        Console.WriteLine(Log.trail);
        return 100;
    }
}
