// ldtoken and friends, precompiled: typeof of classes of the program and of
// the framework (ldtoken + Type.GetTypeFromHandle: RuntimeTypeHandle values
// passed in a register), array initializers (ldtoken of the RVA field +
// RuntimeHelpers.InitializeArray), handles kept in locals and compared, and
// static fields of framework types read through their addresses
// (crossgen2's FieldAddress fixups, never the framework's static layout):
// IntPtr.Zero, EventArgs.Empty, BitConverter.IsLittleEndian,
// Path.DirectorySeparatorChar, Type.EmptyTypes, DBNull.Value — also
// after compacting collections.
// kiln-expect-compiled: Program:OwnType(
// kiln-expect-compiled: Program:FrameworkType(
// kiln-expect-compiled: Program:SameType(
// kiln-expect-compiled: Program:Handle(
// kiln-expect-compiled: Program:Primes(
// kiln-expect-compiled: Program:Bigs(
// kiln-expect-compiled: Program:Bytes(
// kiln-expect-compiled: Program:Doubles(
// kiln-expect-compiled: Program:Chars(
// kiln-expect-compiled: Program:Zero(
// kiln-expect-compiled: Program:NoArgs(
// kiln-expect-compiled: Program:Little(
// kiln-expect-compiled: Program:Separator(
// kiln-expect-compiled: Program:EmptyTypes(
// kiln-expect-compiled: Program:Null(
using System;
using System.IO;
using System.Runtime.CompilerServices;

class Shape { public virtual string Kind() { return "shape"; } }
class Circle : Shape { public override string Kind() { return "circle"; } }

class Program {
    [MethodImpl(MethodImplOptions.NoInlining)]
    static Type OwnType() { return typeof(Circle); }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static Type FrameworkType() { return typeof(System.Text.StringBuilder); }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static bool SameType(object o) { return o.GetType() == typeof(Circle); }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static string Names() {
        return typeof(Program).Name + "," + typeof(string).FullName + "," + typeof(int[]).Name
            + "," + typeof(Shape).IsAssignableFrom(typeof(Circle));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static RuntimeTypeHandle Handle(bool circle) {
        RuntimeTypeHandle h = circle ? typeof(Circle).TypeHandle : typeof(Shape).TypeHandle;
        return h;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static int[] Primes() { return new int[] { 2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37 }; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static long[] Bigs() { return new long[] { 1L << 40, -5, 1234567890123L, long.MinValue, 9, 10, 11 }; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static byte[] Bytes() { return new byte[] { 0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4, 5, 6, 7, 8, 9 }; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static double[] Doubles() { return new double[] { 0.5, -1.25, 3.0e10, 1e-300, 7, 8, 9, 10 }; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static char[] Chars() { return new char[] { 'k', 'i', 'l', 'n', '!', '?', '#', '$' }; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static long Sum(int[] a) { long s = 0; for (int i = 0; i < a.Length; i++) s = s * 3 + a[i]; return s; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static IntPtr Zero() { return IntPtr.Zero; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static EventArgs NoArgs() { return EventArgs.Empty; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static bool Little() { return BitConverter.IsLittleEndian; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static char Separator() { return Path.DirectorySeparatorChar; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static int EmptyTypes() { return Type.EmptyTypes.Length; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static object Null() { return DBNull.Value; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static void Churn() {
        object keep = null;
        for (int i = 0; i < 20000; i++) { object o = new int[i % 7 + 1]; if (i % 997 == 0) keep = o; }
        GC.Collect(2, GCCollectionMode.Forced, true, true);
        GC.KeepAlive(keep);
    }

    static int Main() {
        Console.WriteLine(OwnType().FullName);
        Console.WriteLine(FrameworkType().FullName);
        Console.WriteLine(SameType(new Circle()) + " " + SameType(new Shape()));
        Console.WriteLine(Names());
        Console.WriteLine(Type.GetTypeFromHandle(Handle(true)).Name + " " + Type.GetTypeFromHandle(Handle(false)).Name);
        Console.WriteLine(Handle(true).Equals(typeof(Circle).TypeHandle));
        Console.WriteLine(Sum(Primes()));
        Console.WriteLine(string.Join(",", Bigs()));
        Console.WriteLine(BitConverter.ToString(Bytes()));
        Console.WriteLine(string.Join(",", Doubles()));
        Console.WriteLine(new string(Chars()));
        Primes()[0] = 99;
        Console.WriteLine(Primes()[0]);
        Churn();
        Console.WriteLine(object.ReferenceEquals(OwnType(), typeof(Circle)));
        Console.WriteLine(Zero() == IntPtr.Zero);
        Console.WriteLine(object.ReferenceEquals(NoArgs(), EventArgs.Empty));
        Console.WriteLine(Little());
        Console.WriteLine(Separator());
        Console.WriteLine(EmptyTypes());
        Console.WriteLine(object.ReferenceEquals(Null(), DBNull.Value));
        Churn();
        Console.WriteLine(object.ReferenceEquals(NoArgs(), EventArgs.Empty) + " " + Names());
        return 100;
    }
}
