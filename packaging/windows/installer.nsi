; CT11 Configurator - Windows installer (NSIS 3, Modern UI 2), English and Simplified Chinese.
;
; Built by packaging/windows/build.sh (Linux, mingw-w64 + makensis) and by the release workflow
; (windows-latest). By hand:
;   makensis -INPUTCHARSET UTF8 -DVERSION=0.1.0 -DEXE=path\to\ct11-configurator.exe \
;            -DEXE_CLI=path\to\ct11-configurator.com -DOUTFILE=ct11-configurator-0.1.0-setup.exe \
;            packaging/windows/installer.nsi
; EXE_CLI (optional) is the console twin made by console-twin.py: it makes the command line
; (`ct11-configurator ports`, ...) print in cmd and PowerShell.
;
; Installs for all users in Program Files (asks for administrator rights), adds a Start-menu
; entry, an optional desktop shortcut, an entry in "Apps & features" with an uninstaller, and
; shows a page about USB-serial drivers (CH340, CP210x, FTDI) with links to the vendors.

Unicode true
ManifestDPIAware true
SetCompressor /SOLID lzma
; The .exe and its .com twin are the same program: with a dictionary larger than both, the second
; compresses to almost nothing. The default 8 MB is smaller than one .exe (8.4 MiB), and then the
; installer carries the program twice.
SetCompressorDictSize 32

!ifndef VERSION
  !error "pass -DVERSION=x.y.z"
!endif
!ifndef EXE
  !error "pass -DEXE=path to ct11-configurator.exe"
!endif
!ifndef OUTFILE
  !define OUTFILE "ct11-configurator-${VERSION}-setup.exe"
!endif
!ifndef VERSION4
  !define VERSION4 "${VERSION}.0"  ; x.y.z.0 for the version resource
!endif

!define APP_NAME   "CT11 Configurator"
!define APP_EXE    "ct11-configurator.exe"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\CT11Configurator"
; makensis works in the script's folder: paths are relative to it (or absolute).
!define ROOT       "../.."

!include "MUI2.nsh"
!include "nsDialogs.nsh"
!include "LogicLib.nsh"
!include "x64.nsh"
!include "FileFunc.nsh"

Name "${APP_NAME}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\${APP_NAME}"
InstallDirRegKey HKLM "${UNINST_KEY}" "InstallLocation"
RequestExecutionLevel admin
BrandingText "${APP_NAME} ${VERSION}"

VIProductVersion "${VERSION4}"
VIFileVersion "${VERSION4}"
VIAddVersionKey /LANG=0 "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileDescription" "${APP_NAME} Setup"
VIAddVersionKey /LANG=0 "LegalCopyright" "MIT License"

; ---- look -------------------------------------------------------------------------------------
!define MUI_ICON   "${ROOT}/icons/ct11-configurator.ico"
!define MUI_UNICON "${ROOT}/icons/ct11-configurator.ico"
!define MUI_ABORTWARNING
!define MUI_COMPONENTSPAGE_NODESC
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"
!define MUI_FINISHPAGE_SHOWREADME "$INSTDIR\USB-serial drivers.txt"
!define MUI_FINISHPAGE_SHOWREADME_TEXT "$(DriversShowNotes)"
!define MUI_FINISHPAGE_SHOWREADME_NOTCHECKED

; ---- pages ------------------------------------------------------------------------------------
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_INSTFILES
Page custom DriversPage
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

; The first language is the fallback; NSIS picks the one matching the Windows UI language.
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_LANGUAGE "SimpChinese"

LangString SecApp           ${LANG_ENGLISH}     "CT11 Configurator (required)"
LangString SecApp           ${LANG_SIMPCHINESE} "CT11 配置工具（必需）"
LangString SecDesktop       ${LANG_ENGLISH}     "Desktop shortcut"
LangString SecDesktop       ${LANG_SIMPCHINESE} "桌面快捷方式"
LangString DriversTitle     ${LANG_ENGLISH}     "USB-serial drivers"
LangString DriversTitle     ${LANG_SIMPCHINESE} "USB 转串口驱动"
LangString DriversSubtitle  ${LANG_ENGLISH}     "The module connects through a USB-serial adapter."
LangString DriversSubtitle  ${LANG_SIMPCHINESE} "模块通过 USB 转串口适配器连接电脑。"
LangString DriversText      ${LANG_ENGLISH}     "Windows 10 and 11 usually install the adapter's driver by themselves when it is first plugged in. If the adapter does not appear as a COM port in the app (or in Device Manager under $\"Ports (COM & LPT)$\"), install the driver for its chip from the chip maker:"
LangString DriversText      ${LANG_SIMPCHINESE} "Windows 10/11 通常会在第一次插入适配器时自动安装驱动。如果在本软件（或设备管理器的“端口 (COM 和 LPT)”）中看不到 COM 口，请从芯片厂商网站下载并安装对应芯片的驱动："
LangString DriversCH340     ${LANG_ENGLISH}     "WCH CH340 / CH341 / CH9102: CH341SER driver (wch-ic.com)"
LangString DriversCH340     ${LANG_SIMPCHINESE} "沁恒 CH340 / CH341 / CH9102：CH341SER 驱动（wch.cn）"
LangString DriversCP210x    ${LANG_ENGLISH}     "Silicon Labs CP210x: CP210x VCP driver (silabs.com)"
LangString DriversCP210x    ${LANG_SIMPCHINESE} "Silicon Labs CP210x：CP210x VCP 驱动（silabs.com）"
LangString DriversFTDI      ${LANG_ENGLISH}     "FTDI FT232 / FT231X: VCP driver (ftdichip.com)"
LangString DriversFTDI      ${LANG_SIMPCHINESE} "FTDI FT232 / FT231X：VCP 驱动（ftdichip.com）"
LangString DriversFooter    ${LANG_ENGLISH}     "Not sure which chip? It is usually printed on the adapter. These links are also in $\"USB-serial drivers.txt$\" in the install folder."
LangString DriversFooter    ${LANG_SIMPCHINESE} "不确定是哪种芯片？通常印在适配器上。这些链接也保存在安装目录的“USB-serial drivers.txt”中。"
LangString DriversShowNotes ${LANG_ENGLISH}     "Show the USB-serial driver notes"
LangString DriversShowNotes ${LANG_SIMPCHINESE} "查看 USB 转串口驱动说明"
LangString Needs64          ${LANG_ENGLISH}     "CT11 Configurator needs 64-bit Windows."
LangString Needs64          ${LANG_SIMPCHINESE} "CT11 配置工具需要 64 位 Windows。"

!define URL_CH340 "https://www.wch-ic.com/downloads/CH341SER_EXE.html"
!define URL_CH340_ZH "https://www.wch.cn/downloads/CH341SER_EXE.html"
!define URL_CP210X "https://www.silabs.com/developers/usb-to-uart-bridge-vcp-drivers"
!define URL_FTDI "https://ftdichip.com/drivers/vcp-drivers/"

; ---- install ----------------------------------------------------------------------------------
Section "$(SecApp)" SecAppId
    SectionIn RO
    SetShellVarContext all
    SetOutPath "$INSTDIR"
    File "/oname=${APP_EXE}" "${EXE}"
!ifdef EXE_CLI
    File "/oname=ct11-configurator.com" "${EXE_CLI}"
!endif
    File "/oname=ct11-configurator.ico" "${ROOT}/icons/ct11-configurator.ico"
    File "/oname=OFL-NotoSansSC.txt" "${ROOT}/assets/fonts/OFL.txt"
    File "/oname=USB-serial drivers.txt" "USB-serial-drivers.txt"
    WriteUninstaller "$INSTDIR\uninstall.exe"

    ; Start menu: one entry, straight in the list.
    CreateShortcut "$SMPROGRAMS\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0

    ; "Apps & features" / "Programs and Features".
    WriteRegStr   HKLM "${UNINST_KEY}" "DisplayName" "${APP_NAME}"
    WriteRegStr   HKLM "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
    WriteRegStr   HKLM "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\${APP_EXE},0"
    WriteRegStr   HKLM "${UNINST_KEY}" "Publisher" "${APP_NAME}"
    WriteRegStr   HKLM "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
    WriteRegStr   HKLM "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
    WriteRegStr   HKLM "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
    WriteRegDWORD HKLM "${UNINST_KEY}" "NoModify" 1
    WriteRegDWORD HKLM "${UNINST_KEY}" "NoRepair" 1
    ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
    WriteRegDWORD HKLM "${UNINST_KEY}" "EstimatedSize" $0
SectionEnd

Section "$(SecDesktop)" SecDesktopId
    SetShellVarContext all
    CreateShortcut "$DESKTOP\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0
SectionEnd

Function .onInit
    ${IfNot} ${RunningX64}
        MessageBox MB_ICONSTOP "$(Needs64)"
        Abort
    ${EndIf}
    SetRegView 64
FunctionEnd

; ---- the drivers page -------------------------------------------------------------------------
Var Dialog

Function DriversPage
    !insertmacro MUI_HEADER_TEXT "$(DriversTitle)" "$(DriversSubtitle)"
    nsDialogs::Create 1018
    Pop $Dialog
    ${If} $Dialog == error
        Abort
    ${EndIf}

    ${NSD_CreateLabel} 0 0 100% 48u "$(DriversText)"
    Pop $0

    ${If} $LANGUAGE == ${LANG_SIMPCHINESE}
        StrCpy $1 "${URL_CH340_ZH}"
    ${Else}
        StrCpy $1 "${URL_CH340}"
    ${EndIf}
    ${NSD_CreateLink} 12u 54u 95% 12u "$(DriversCH340)"
    Pop $0
    nsDialogs::SetUserData $0 $1
    ${NSD_OnClick} $0 OpenLink

    ${NSD_CreateLink} 12u 70u 95% 12u "$(DriversCP210x)"
    Pop $0
    nsDialogs::SetUserData $0 "${URL_CP210X}"
    ${NSD_OnClick} $0 OpenLink

    ${NSD_CreateLink} 12u 86u 95% 12u "$(DriversFTDI)"
    Pop $0
    nsDialogs::SetUserData $0 "${URL_FTDI}"
    ${NSD_OnClick} $0 OpenLink

    ${NSD_CreateLabel} 0 108u 100% 30u "$(DriversFooter)"
    Pop $0

    nsDialogs::Show
FunctionEnd

Function OpenLink
    Pop $0
    nsDialogs::GetUserData $0
    Pop $1
    ExecShell "open" "$1"
FunctionEnd

; ---- uninstall --------------------------------------------------------------------------------
Section "Uninstall"
    SetShellVarContext all
    SetRegView 64
    Delete "$SMPROGRAMS\${APP_NAME}.lnk"
    Delete "$DESKTOP\${APP_NAME}.lnk"
    Delete "$INSTDIR\${APP_EXE}"
    Delete "$INSTDIR\ct11-configurator.com"
    Delete "$INSTDIR\ct11-configurator.ico"
    Delete "$INSTDIR\OFL-NotoSansSC.txt"
    Delete "$INSTDIR\USB-serial drivers.txt"
    Delete "$INSTDIR\uninstall.exe"
    RMDir "$INSTDIR"
    DeleteRegKey HKLM "${UNINST_KEY}"
    ; The user's settings (%APPDATA%\CT11 Configurator) are kept.
SectionEnd
