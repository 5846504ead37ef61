; 293 bytes, alignment 16, prolog 13 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; unwind PushNonVolatile { code_offset: 5, reg: 3 }
; unwind PushNonVolatile { code_offset: 7, reg: 12 }
; unwind PushNonVolatile { code_offset: 9, reg: 13 }
; unwind Alloc { code_offset: 13, size: 8 }
; gc: code length 293, stack base Some(5), return Scalar, safepoints [284, 291], interruptible [], slots 0
; debug bounds: 0x0=IL-2 0x10=IL2 0x4a=IL5 0x84=IL6 0x89=IL9 0x9e=IL10 0xa4=IL13 0xb5=IL14 0xba=IL15 0xc8=IL17 0xd0=IL18 0xe0=IL19 0xef=IL21 0xf8=IL22 0x107=IL23
  0000  push    rbp
  0001  mov     rbp,rsp
  0004  push    rbx
  0005  push    r12
  0007  push    r13
  0009  sub     rsp,8
  000d  mov     r8,rdx
  0010  test    esi,esi
  0012  je      0x117
  0018  cmp     esi,0xFFFFFFFF
  001b  sete    r9b
  001f  movzx   r9d,r9b
  0023  cmp     edi,0x80000000
  0029  sete    bl
  002c  movzx   ebx,bl
  002f  mov     r12,r9
  0032  and     r12d,ebx
  0035  test    r12d,r12d
  0038  jne     0x11E
  003e  mov     rax,rdi
  0041  mov     rcx,rsi
  0044  cdq
  0045  idiv    ecx
  0047  mov     r9,rax
  004a  test    esi,esi
  004c  je      0x117
  0052  cmp     esi,0xFFFFFFFF
  0055  sete    bl
  0058  movzx   ebx,bl
  005b  cmp     edi,0x80000000
  0061  sete    r12b
  0065  movzx   r12d,r12b
  0069  mov     r13,rbx
  006c  and     r13d,r12d
  006f  test    r13d,r13d
  0072  jne     0x11E
  0078  mov     rax,rdi
  007b  mov     rcx,rsi
  007e  cdq
  007f  idiv    ecx
  0081  mov     rbx,rdx
  0084  mov     rdi,r9
  0087  add     edi,ebx
  0089  test    esi,esi
  008b  je      0x117
  0091  mov     rax,r8
  0094  mov     rcx,rsi
  0097  xor     edx,edx
  0099  div     ecx
  009b  mov     r9,rax
  009e  mov     rbx,rdi
  00a1  add     ebx,r9d
  00a4  test    esi,esi
  00a6  je      short 0x117
  00a8  mov     rax,r8
  00ab  mov     rcx,rsi
  00ae  xor     edx,edx
  00b0  div     ecx
  00b2  mov     rdi,rdx
  00b5  mov     rsi,rbx
  00b8  add     esi,edi
  00ba  mov     rax,rsi
  00bd  mov     ecx,7
  00c2  cdq
  00c3  idiv    ecx
  00c5  mov     rdi,rax
  00c8  cmp     edi,0x80000000
  00ce  je      short 0x11E
  00d0  mov     rax,rdi
  00d3  mov     rcx,0xFFFFFFFFFFFFFFFF
  00da  cdq
  00db  idiv    ecx
  00dd  mov     rsi,rdx
  00e0  mov     rax,rsi
  00e3  mov     ecx,5
  00e8  xor     edx,edx
  00ea  div     ecx
  00ec  mov     rdi,rax
  00ef  mov     eax,0
  00f4  test    eax,eax
  00f6  je      short 0x117
  00f8  mov     rax,rdi
  00fb  mov     ecx,0
  0100  xor     edx,edx
  0102  div     ecx
  0104  mov     rsi,rdx
  0107  mov     rax,rsi
  010a  mov     eax,eax
  010c  add     rsp,8
  0110  pop     r13
  0112  pop     r12
  0114  pop     rbx
  0115  pop     rbp
  0116  ret
  0117  call    qword ptr [0x11D]    ; Rel32 eager cell [1a 26]
  011d  int3
  011e  call    qword ptr [0x124]    ; Rel32 eager cell [1a 22]
  0124  int3
