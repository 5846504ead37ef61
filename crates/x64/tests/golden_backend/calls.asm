; 101 bytes, alignment 16, prolog 4 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; gc: code length 101, stack base Some(5), return Scalar, safepoints [48, 66, 72, 87, 98], interruptible [], slots 0
; debug bounds: 0x0=IL-2 0x4=IL0 0xc=IL15 0x3a=IL20 0x43=IL25 0x52=IL30 0x58=IL35 0x63=IL41
  0000  push    rbp
  0001  mov     rbp,rsp
  0004  mov     eax,0xC8
  0009  mov     rsi,rax
  000c  mov     rax,0xFFFFFFFFFFFFFFFF
  0013  movsxd  rax,eax
  0016  mov     rdi,rax
  0019  mov     r11,rdi
  001c  mov     rdi,rsi
  001f  mov     rsi,r11
  0022  mov     edx,5
  0027  movsx   edi,dil
  002b  call    qword ptr [0x31]    ; Rel32 method-call cell [14 02]
  0031  mov     r8,rax
  0034  movzx   eax,ax
  0037  mov     rsi,rax
  003a  mov     rdi,rsi
  003d  call    qword ptr [0x43]    ; Rel32 method-call cell [15 0c]
  0043  call    qword ptr [0x49]    ; Rel32 method-call cell [14 03]
  0049  mov     rsi,rax
  004c  movzx   eax,al
  004f  mov     rdi,rax
  0052  call    qword ptr [0x58]    ; Rel32 method-call cell [15 0c]
  0058  mov     edi,7
  005d  call    qword ptr [0x63]    ; Rel32 method-call cell [15 0c]
  0063  pop     rbp
  0064  ret
