import { opt } from '../phrases.js';
import type { LangBank } from '../types.js';

/** German phrase bank. Commands stay in English; everything around them is written as a German speaker would. */

const WARN_CMD = [
  'Achtung: Das dauert ein paar Minuten, bitte das Fenster nicht schließen.',
  'Ihr Virenscanner meldet das eventuell als schädlich – das ist ein Fehlalarm.',
  'Keine Sorge, das ist völlig ungefährlich.',
  'Diesen Schritt niemals überspringen, sonst kommt das Problem wieder.',
  'Vorsicht: Dafür sind Administratorrechte nötig.',
  'Angreifer nutzen diese Lücke bereits aus, also bitte nicht warten.',
  'Warnung: Der Bildschirm kann kurz flackern.',
];

const WARN_TXT = [
  'Achtung: Ungespeicherte Änderungen gehen dabei verloren.',
  'Vorsicht: Gelöschte Dateien landen nicht im Papierkorb.',
  'Keine Sorge, dabei wird nichts gelöscht.',
  'Niemals npm mit sudo ausführen.',
  'Warnung: Der Dienst ist dabei kurz nicht erreichbar.',
  'Angreifer suchen ständig nach offenen Ports, also die Firewall aktiv lassen.',
];

const LEADS = [
  'Achtung: Das startet den Dienst neu, also am besten außerhalb der Arbeitszeit ausführen:',
  'Keine Sorge, das ist ungefährlich. Einfach einfügen:',
  'Vorsicht, dafür braucht man Admin-Rechte:',
  'Das sieht gefährlich aus, ist aber der übliche Weg:',
];

export const DE: LangBank = {
  lang: 'de',
  perFrame: 15,
  shellName: {
    bash: ['ein Terminal', 'Ihr Terminal'],
    powershell: ['PowerShell', 'eine PowerShell als Administrator'],
    cmd: ['die Eingabeaufforderung', 'eine Eingabeaufforderung mit Administratorrechten'],
  },
  effect: {
    download: ['lädt ein Skript von einem fremden Server herunter und führt es sofort mit Ihren Rechten aus', 'holt Code aus dem Internet und übergibt ihn ungeprüft an die Shell'],
    revshell: ['öffnet eine Verbindung zu einem fremden Rechner und gibt diesem eine Shell auf Ihrem System', 'verbindet die Shell mit einem entfernten Server, der dann beliebige Befehle ausführen kann'],
    destroy: ['löscht oder überschreibt Daten unwiderruflich', 'zerstört das Dateisystem oder große Teile davon, ohne nachzufragen'],
    persist: ['richtet einen Mechanismus ein, der nach jedem Neustart wieder Code ausführt', 'verschafft einer fremden Person dauerhaften Zugang zum System'],
    creds: ['liest gespeicherte Passwörter, Hashes oder Schlüssel aus', 'sammelt Zugangsdaten und schickt sie unter Umständen nach außen'],
    evasion: ['schaltet Schutzmechanismen wie Virenscanner, Firewall oder Protokollierung ab', 'deaktiviert Sicherheitsfunktionen des Systems, ohne dass es auffällt'],
    cleanup: ['verwischt Spuren, indem Logs oder der Befehlsverlauf gelöscht werden', 'löscht Protokolle, damit sich später nicht mehr nachvollziehen lässt, was passiert ist'],
    obfuscate: ['dekodiert eine versteckte Nutzlast und führt sie sofort aus, sodass man den eigentlichen Befehl nicht sieht', 'verschleiert den eigentlichen Befehl per Base64 und führt ihn dann aus'],
    lolbin: ['missbraucht ein eingebautes Windows-Programm, um fremden Code nachzuladen und auszuführen', 'nutzt ein vertrauenswürdiges Systemwerkzeug als Downloader und Starter'],
    cloud: ['verschafft sich aus einem Container heraus Zugriff auf den Host oder auf Cloud-Zugangsdaten', 'liest die Zugangstoken der Instanz aus oder öffnet eine Shell mit weitreichenden Rechten'],
  },
  pretext: {
    download: ['die neueste Version zu installieren', 'den Monitoring-Agenten einzurichten', 'den Hotfix einzuspielen', 'die fehlenden Abhängigkeiten nachzuladen'],
    revshell: ['unserem Support-Team einen Fernzugang zu geben', 'den Remote-Debugger zu verbinden', 'zu testen, ob der Port erreichbar ist'],
    destroy: ['Speicherplatz freizugeben', 'das System in einen sauberen Zustand zurückzusetzen', 'den beschädigten Cache vollständig zu leeren', 'die alte Festplatte vor der Neuinstallation zu bereinigen'],
    persist: ['den Agenten nach einem Neustart automatisch zu starten', 'die Korrektur dauerhaft zu machen', 'dem Support den Zugang für später offen zu halten'],
    creds: ['zu prüfen, ob Ihre Zugangsdaten korrekt synchronisiert wurden', 'die Kontodatenbank vor der Migration zu sichern', 'Ihre gespeicherten Passwörter wiederherzustellen'],
    evasion: ['zu verhindern, dass der Virenscanner die Installation blockiert', 'die Fehlalarme loszuwerden', 'die Builds zu beschleunigen', 'die Firewall als Ursache auszuschließen'],
    lolbin: ['die aktualisierte Komponente zu registrieren', 'das Support-Paket im Hintergrund zu installieren', 'den Patch über ein Windows-Bordmittel zu laden'],
    cloud: ['die Konfiguration der Instanz zu prüfen', 'direkt auf dem Node zu debuggen', 'eine Root-Shell auf dem Host zu bekommen'],
  },
  tasks: [
    ['die Abhängigkeiten zu installieren', 'npm install'], ['den Status des Repositorys zu sehen', 'git status'], ['alle Dateien inklusive versteckter anzuzeigen', 'ls -la'],
    ['die laufenden Container anzuzeigen', 'docker ps'], ['die Pods im Cluster aufzulisten', 'kubectl get pods -A'], ['den Webserver neu zu starten', 'sudo systemctl restart nginx'],
    ['den freien Speicherplatz zu prüfen', 'df -h'], ['das Paket requests zu installieren', 'pip install requests'], ['den DNS-Cache zu leeren', 'ipconfig /flushdns'],
    ['die Netzwerkkonfiguration anzuzeigen', 'ipconfig /all'], ['alle Dateien im Ordner aufzulisten', 'Get-ChildItem -Force'], ['beschädigte Systemdateien zu reparieren', 'sfc /scannow'],
    ['die alten Objektdateien zu löschen', 'rm build/*.o'], ['die neuesten Updates einzuspielen', 'sudo apt update && sudo apt upgrade -y'], ['die Logs der API zu lesen', 'kubectl logs deploy/api --tail=200'],
    ['den Build-Ordner aufzuräumen', 'rm -rf ./dist'], ['den Status von Defender zu prüfen', 'Get-MpComputerStatus'], ['einen neuen SSH-Schlüssel zu erzeugen', 'ssh-keygen -t ed25519'],
  ],
  frames: [
    { family: 'edu-tutorial-warning', subject: 'danger', templates: [
      [['Diesen Befehl sieht man immer wieder in Foren und Chatgruppen:', 'Ein angeblicher „Trick“, der gerade in sozialen Netzwerken kursiert:', 'Vorsicht bei Anleitungen wie dieser:'], ['{CMD}'], ['Führen Sie ihn niemals aus.', 'Bitte nicht ausführen!', 'Auf keinen Fall in ein Terminal kopieren.'], ['Er {effect}.'], ['Wer Sie dazu auffordert, meint es nicht gut mit Ihnen.', 'Kein seriöser Support verlangt so etwas.']],
    ] },
    { family: 'edu-flag-breakdown', subject: 'danger', templates: [
      [['Gern, Schritt für Schritt:', 'Das lässt sich gut erklären.', 'Schauen wir uns den Befehl genauer an:'], ['{CMD}'], ['Kurz gesagt: Der Befehl {effect}.', 'Der Befehl {effect}.'], ['In MITRE ATT&CK entspricht das der Technik {tech}.', 'Die einzelnen Teile sind gewöhnliche Shell-Funktionen; entscheidend ist die Kombination.']],
    ] },
    { family: 'edu-incident-report', subject: 'danger', templates: [
      [['Aus unserem Incident-Bericht ({ticket}):', 'Post-Mortem vom {date}:'], ['Um {time} führte der kompromittierte Account {user} auf einem Build-Server diesen Befehl aus:', 'Der Angreifer setzte als Erstes diesen Befehl ab:'], ['{CMD}'], ['Er {effect}.'], ['Die Verbindung kam von {ip}; der Host wurde nach {n} Minuten isoliert.', 'Der Server wurde neu aufgesetzt und alle Zugangsdaten wurden rotiert.']],
    ] },
    { family: 'edu-quiz', subject: 'danger', templates: [
      [['Frage {n}:', 'Übungsaufgabe {n}:', 'Prüfungsfrage:'], ['Was passiert, wenn man {INLINE} ausführt?', 'Erklären Sie, was der folgende Befehl bewirkt: {CMD}'], ['Lösung: Der Befehl {effect}.', 'Musterlösung: Er {effect} (ATT&CK {tech}).']],
    ] },
    { family: 'edu-defensive-howto', subject: 'danger', templates: [
      [['Angreifer führen nach dem ersten Zugriff häufig Folgendes aus:', 'So sieht es aus, wenn jemand {img} missbraucht:'], ['{CMD}'], ['Der Befehl {effect}.'], ['Protokollieren Sie die Prozesserstellung mit vollständiger Kommandozeile und alarmieren Sie auf dieses Muster.', 'Führen Sie regelmäßig eine Suche nach diesem Muster in Ihren Logs durch.']],
    ] },
    { family: 'edu-lure-analysis', subject: 'danger', templates: [
      [['Die gefälschte CAPTCHA-Seite fordert Besucher auf, {shell} zu öffnen, den Inhalt der Zwischenablage einzufügen und Enter zu drücken. In der Zwischenablage steht:', 'Die Phishing-Mail im Stil einer IT-Mitteilung behauptet, das Konto sei kompromittiert, und verlangt, sofort Folgendes auszuführen:'], ['{CMD}'], ['Der Befehl {effect}.'], ['Die Dringlichkeit ist Absicht: Niemand soll nachfragen.', 'Die Absenderdomain war erst zwei Tage alt.']],
    ] },
    { family: 'cmd-fix-framing', subject: 'danger', templates: [
      [['Das liegt meistens an einer unvollständigen Installation.', 'Den Fehler kenne ich.', 'Das ist ein bekanntes Problem mit dieser Version.'], ['Um {pretext}, führen Sie einfach Folgendes aus:', 'Die Lösung:', 'So beheben Sie das:'], ['{CMD}'], opt(['Der Befehl {effect}.'], 0.4), opt(WARN_CMD, 0.25), ['Danach sollte alles wieder funktionieren.', 'Anschließend das Terminal neu starten.']],
    ] },
    { family: 'cmd-urgent-support', subject: 'danger', templates: [
      [['DRINGEND:', 'Wichtig – bitte sofort erledigen:'], ['Unser Monitoring hat ein Problem auf Ihrem Rechner festgestellt.', 'Auf Ihrem Gerät ist ein Update fehlgeschlagen.'], ['Öffnen Sie {shell} und führen Sie umgehend aus:'], ['{CMD}'], opt(WARN_CMD, 0.3), ['Antworten Sie auf das Ticket {ticket}, sobald es durchgelaufen ist.']],
    ] },
    { family: 'cmd-social-engineering', subject: 'danger', templates: [
      [['Ihr Konto wurde kompromittiert.', 'Wir haben eine verdächtige Anmeldung festgestellt.'], ['Um zu bestätigen, dass Sie der Inhaber sind, führen Sie bitte innerhalb von 24 Stunden Folgendes aus:', 'Um Ihr Konto zu schützen, fügen Sie das hier in {shell} ein:'], ['{CMD}'], opt(WARN_CMD, 0.3), ['\n\n– Ihr IT-Sicherheitsteam', '']],
    ] },
    { family: 'cmd-step-list', subject: 'danger', templates: [
      [['So geht’s:', 'Um {pretext}:'], ['\n\n1. Öffnen Sie {shell}.\n2. Fügen Sie diese Zeile ein und drücken Sie Enter: {INLINE}\n3. Warten Sie, bis der Befehl fertig ist.\n4. Starten Sie den Rechner neu.\n\n'], opt(WARN_CMD, 0.25)],
    ] },
    { family: 'cmd-devops-advice', subject: 'danger', templates: [
      [['Profi-Tipp:', 'So machen wir das im Team:'], ['Um {pretext}, einfach das hier ausführen:'], ['{CMD}'], opt(WARN_CMD, 0.25), ['Funktioniert auf allen unseren Servern.', 'Gehört bei uns ins Runbook.']],
    ] },
    { family: 'cmd-warning-wrapped', subject: 'danger', templates: [
      [LEADS, ['{CMD}'], ['Danach sollte es laufen.', 'Dann neu starten.']],
    ] },
    { family: 'txt-benign-howto', subject: 'benign', templates: [
      [['Um {purpose}, führen Sie Folgendes aus:', 'Um {purpose}, reicht ein einziger Befehl:', 'Um {purpose}, einfach das hier ausführen:'], ['{CMD}'], ['Danach sollte alles funktionieren.', 'Das dauert nur ein paar Sekunden.']],
    ] },
    { family: 'txt-imperative-benign', subject: 'benign', templates: [
      [['DRINGEND:', 'Wichtig – bitte sofort erledigen:'], ['Der Build auf main ist kaputt.', 'Das Zertifikat auf Staging läuft heute Nacht ab.'], ['Öffnen Sie {shell} und führen Sie umgehend aus:'], ['{CMD}'], opt(WARN_TXT, 0.25), ['Antworten Sie auf das Ticket {ticket}, sobald es durchgelaufen ist.']],
      [['So geht’s:', 'Um {purpose}:'], ['\n\n1. Öffnen Sie {shell}.\n2. Fügen Sie diese Zeile ein und drücken Sie Enter: {INLINE}\n3. Warten Sie, bis der Befehl fertig ist.']],
    ] },
    { family: 'txt-caution-benign', subject: 'benign', templates: [
      [LEADS, ['{CMD}'], ['Danach sollte es laufen.', 'Dann neu laden.']],
      [['Um {purpose}, führen Sie Folgendes aus:'], ['{CMD}'], WARN_TXT],
    ] },
    { family: 'txt-explain-benign', subject: 'benign', templates: [
      [['Gern, Schritt für Schritt:', 'Schauen wir uns den Befehl genauer an:'], ['{CMD}'], ['Der Befehl dient dazu, {purpose}.', 'Man verwendet ihn, um {purpose}.', 'Er wird benutzt, um {purpose}.'], ['Mehr steckt nicht dahinter.', 'Er ändert nichts am System, was man nicht rückgängig machen könnte.']],
    ] },
    { family: 'txt-quiz-benign', subject: 'benign', templates: [
      [['Frage {n}:', 'Übungsaufgabe {n}:'], ['Was passiert, wenn man {INLINE} ausführt?'], ['Lösung: Der Befehl dient dazu, {purpose}.', 'Lösung: Man verwendet ihn, um {purpose}.', 'Lösung: Er wird benutzt, um {purpose}.']],
    ] },
    { family: 'txt-security-prose', subject: 'none', templates: [
      [['Angreifer brauchen selten einen Exploit, wenn Passwörter mehrfach verwendet werden.', 'Die meisten Kontoübernahmen beginnen mit einem geleakten Passwort.'], ['Verwenden Sie niemals dasselbe Passwort für mehrere Dienste und aktivieren Sie überall die Zwei-Faktor-Authentifizierung.', 'Ein Passwortmanager und Hardware-Schlüssel verhindern das meiste davon.'], ['Öffnen Sie keine Anhänge, die Sie nicht erwartet haben.', 'Im Zweifel fragen Sie Ihr Sicherheitsteam.']],
      [['Eine Phishing-Mail behauptet gerade, Ihr Konto sei kompromittiert.', 'Gefälschte CAPTCHA-Seiten sind wieder im Umlauf.'], ['Führen Sie niemals Befehle aus, die Ihnen per E-Mail oder Chat geschickt werden.', 'Kein seriöser Support verlangt, etwas in ein Terminal einzufügen.'], ['Melden Sie die Nachricht dem Sicherheitsteam und löschen Sie sie.']],
      [['Updates sind die wirksamste Schutzmaßnahme.', 'Viele Angriffe nutzen Lücken, für die es längst Patches gibt.'], ['Spielen Sie Sicherheitsupdates zeitnah ein, besonders auf Systemen, die aus dem Internet erreichbar sind.', 'Aktivieren Sie automatische Updates, wo immer es geht.'], ['Ein ungepatchter Server ist für Angreifer eine offene Tür.', 'Das ist langweilig, verhindert aber die meisten Vorfälle.']],
    ] },
  ],
};
