using System.Reflection;
using System.Reflection.Emit;

namespace CompetitionSite.Tests.Support;

/// <summary>
/// Which types a type uses, read by reflection from its compiled form: its base type, interfaces, attributes,
/// fields, properties and member signatures, and every type, method and field named in the IL of its method
/// bodies (locals, calls, object creation, casts, <c>typeof</c>, catch clauses). Nested types — the state machines
/// of async methods, lambdas' closures — are read with the type that declares them. No extra framework: the IL is
/// walked with the opcode table of <see cref="OpCodes"/>.
/// </summary>
public static class TypeReferences
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance
                                          | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly OpCode[] OneByte = new OpCode[0x100];
    private static readonly OpCode[] TwoByte = new OpCode[0x100];

    static TypeReferences()
    {
        foreach (var field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var code = (OpCode)field.GetValue(null)!;
            var value = (ushort)code.Value;
            if (code.Size == 1) OneByte[value] = code;
            else TwoByte[value & 0xff] = code;
        }
    }

    /// <summary>The types <paramref name="type"/> and the types nested in it use, generic arguments and element types unwrapped.</summary>
    public static IReadOnlySet<Type> UsedBy(Type type)
    {
        var used = new HashSet<Type>();
        Collect(type, used);
        return used;
    }

    private static void Collect(Type type, HashSet<Type> used)
    {
        Add(type.BaseType, used);
        foreach (var i in type.GetInterfaces()) Add(i, used);
        foreach (var a in type.GetCustomAttributesData()) Add(a.AttributeType, used);
        foreach (var f in type.GetFields(Declared)) Add(f.FieldType, used);
        foreach (var p in type.GetProperties(Declared)) Add(p.PropertyType, used);
        foreach (var m in type.GetMethods(Declared))
        {
            Add(m.ReturnType, used);
            foreach (var a in m.GetCustomAttributesData()) Add(a.AttributeType, used);
            Body(m, used);
        }
        foreach (var c in type.GetConstructors(Declared)) Body(c, used);
        foreach (var nested in type.GetNestedTypes(Declared)) Collect(nested, used);
    }

    private static void Body(MethodBase method, HashSet<Type> used)
    {
        foreach (var p in method.GetParameters()) Add(p.ParameterType, used);
        var body = method.GetMethodBody();
        if (body is null) return;
        foreach (var local in body.LocalVariables) Add(local.LocalType, used);
        foreach (var clause in body.ExceptionHandlingClauses)
            if (clause.Flags == ExceptionHandlingClauseOptions.Clause) Add(clause.CatchType, used);

        var il = body.GetILAsByteArray() ?? [];
        var typeArguments = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        var methodArguments = method is MethodInfo { IsGenericMethod: true } g ? g.GetGenericArguments() : null;
        for (var i = 0; i < il.Length;)
        {
            OpCode code;
            if (il[i] == 0xFE) { code = TwoByte[il[i + 1]]; i += 2; }
            else { code = OneByte[il[i]]; i += 1; }
            switch (code.OperandType)
            {
                case OperandType.InlineNone: break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar: i += 1; break;
                case OperandType.InlineVar: i += 2; break;
                case OperandType.InlineBrTarget or OperandType.InlineI or OperandType.InlineSig or OperandType.InlineString
                    or OperandType.ShortInlineR: i += 4; break;
                case OperandType.InlineI8 or OperandType.InlineR: i += 8; break;
                case OperandType.InlineSwitch: i += 4 + 4 * BitConverter.ToInt32(il, i); break;
                case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok or OperandType.InlineType:
                    AddMember(method.Module.ResolveMember(BitConverter.ToInt32(il, i), typeArguments, methodArguments), used);
                    i += 4;
                    break;
                default: throw new InvalidOperationException($"Unknown operand type {code.OperandType} in {method.DeclaringType}.{method.Name}.");
            }
        }
    }

    private static void AddMember(MemberInfo? member, HashSet<Type> used)
    {
        switch (member)
        {
            case Type t: Add(t, used); break;
            case FieldInfo f: Add(f.DeclaringType, used); Add(f.FieldType, used); break;
            case MethodInfo m:
                Add(m.DeclaringType, used);
                Add(m.ReturnType, used);
                if (m.IsGenericMethod) foreach (var a in m.GetGenericArguments()) Add(a, used);
                foreach (var p in m.GetParameters()) Add(p.ParameterType, used);
                break;
            case ConstructorInfo c:
                Add(c.DeclaringType, used);
                foreach (var p in c.GetParameters()) Add(p.ParameterType, used);
                break;
        }
    }

    private static void Add(Type? type, HashSet<Type> used)
    {
        if (type is null || type.IsGenericParameter) return;
        if (type.HasElementType) { Add(type.GetElementType(), used); return; }
        if (type.IsGenericType && !type.IsGenericTypeDefinition)
        {
            foreach (var a in type.GetGenericArguments()) Add(a, used);
            type = type.GetGenericTypeDefinition();
        }
        used.Add(type);
    }
}
