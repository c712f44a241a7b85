import { opt } from '../phrases.js';
import type { LangBank } from '../types.js';

/** Spanish phrase bank. Commands stay in English; everything around them is written as a Spanish speaker would. */

const WARN_CMD = [
  'Atención: tarda un par de minutos, no cierres la ventana.',
  'Es posible que tu antivirus lo marque como malicioso; es un falso positivo.',
  'No te preocupes, es totalmente seguro.',
  'Nunca te saltes este paso o el problema volverá.',
  'Cuidado: necesitas permisos de administrador.',
  'Los atacantes ya están explotando este fallo, así que no esperes.',
  'Advertencia: la pantalla puede parpadear un momento.',
];

const WARN_TXT = [
  'Atención: perderás los cambios que no hayas guardado.',
  'Cuidado: los archivos borrados no van a la papelera.',
  'No te preocupes, no se borra nada.',
  'Nunca ejecutes npm con sudo.',
  'Advertencia: el servicio no estará disponible durante unos segundos.',
  'Los atacantes escanean puertos abiertos constantemente, así que no desactives el firewall.',
];

const LEADS = [
  'Atención: esto reinicia el servicio, así que hazlo fuera del horario laboral:',
  'No te preocupes, es seguro. Solo pega esto:',
  'Cuidado, necesitas permisos de administrador:',
  'Parece peligroso, pero es la solución habitual:',
];

const STEPS = '\n\n1. Abre {shell}.\n2. Pega esta línea y pulsa Enter: {INLINE}\n3. Espera a que termine.';

export const ES: LangBank = {
  lang: 'es',
  perFrame: 15,
  shellName: {
    bash: ['una terminal', 'tu terminal'],
    powershell: ['PowerShell', 'PowerShell como administrador'],
    cmd: ['el Símbolo del sistema', 'el Símbolo del sistema como administrador'],
  },
  effect: {
    download: ['descarga un script de un servidor externo y lo ejecuta al instante con tus permisos', 'trae código de internet y se lo pasa a la shell sin revisarlo'],
    revshell: ['abre una conexión con un equipo remoto y le da una shell en tu sistema', 'conecta la shell a un servidor remoto, que a partir de ahí puede ejecutar cualquier comando'],
    destroy: ['borra o sobrescribe datos de forma irreversible', 'destruye el sistema de archivos, o gran parte de él, sin pedir confirmación'],
    persist: ['instala un mecanismo que vuelve a ejecutar código después de cada reinicio', 'le da a un tercero acceso permanente al sistema'],
    creds: ['lee contraseñas, hashes o claves guardadas', 'recopila credenciales y a menudo las envía fuera'],
    evasion: ['desactiva protecciones como el antivirus, el firewall o los registros', 'apaga funciones de seguridad del sistema sin que se note'],
    cleanup: ['borra rastros eliminando los logs o el historial de comandos', 'elimina los registros para que después no se pueda reconstruir qué pasó'],
    obfuscate: ['decodifica una carga oculta y la ejecuta al momento, de modo que no se ve el comando real', 'oculta el comando real en Base64 y luego lo ejecuta'],
    lolbin: ['abusa de un programa integrado de Windows para descargar y ejecutar código ajeno', 'usa una herramienta de confianza del sistema como descargador y lanzador'],
    cloud: ['consigue acceso al host o a las credenciales de la nube desde dentro de un contenedor', 'lee los tokens de acceso de la instancia o abre una shell con muchos privilegios'],
  },
  pretext: {
    download: ['instalar la última versión', 'configurar el agente de monitorización', 'aplicar el parche', 'instalar las dependencias que faltan'],
    revshell: ['darle acceso remoto a nuestro equipo de soporte', 'conectar el depurador remoto', 'comprobar que el puerto está accesible'],
    destroy: ['liberar espacio en disco', 'devolver el sistema a un estado limpio', 'vaciar por completo la caché dañada', 'limpiar el disco antiguo antes de reinstalar'],
    persist: ['que el agente arranque solo después de reiniciar', 'que la corrección sea permanente', 'que soporte pueda volver a entrar más adelante'],
    creds: ['comprobar que tus credenciales se sincronizaron bien', 'hacer una copia de la base de datos de cuentas antes de la migración', 'recuperar tus contraseñas guardadas'],
    evasion: ['evitar que el antivirus bloquee la instalación', 'quitarte de encima las falsas alarmas', 'acelerar las compilaciones', 'descartar el firewall como causa'],
    lolbin: ['registrar el componente actualizado', 'instalar el paquete de soporte en segundo plano', 'descargar el parche con una herramienta propia de Windows'],
    cloud: ['revisar la configuración de la instancia', 'depurar directamente en el nodo', 'conseguir una shell de root en el host'],
  },
  tasks: [
    ['instalar las dependencias', 'npm install'], ['ver el estado del repositorio', 'git status'], ['listar todos los archivos, también los ocultos', 'ls -la'],
    ['ver los contenedores en ejecución', 'docker ps'], ['listar los pods del clúster', 'kubectl get pods -A'], ['reiniciar el servidor web', 'sudo systemctl restart nginx'],
    ['comprobar el espacio libre en disco', 'df -h'], ['instalar el paquete requests', 'pip install requests'], ['vaciar la caché DNS', 'ipconfig /flushdns'],
    ['ver la configuración de red', 'ipconfig /all'], ['listar todos los archivos de la carpeta', 'Get-ChildItem -Force'], ['reparar archivos de sistema dañados', 'sfc /scannow'],
    ['borrar los ficheros objeto antiguos', 'rm build/*.o'], ['instalar las últimas actualizaciones', 'sudo apt update && sudo apt upgrade -y'], ['leer los logs de la API', 'kubectl logs deploy/api --tail=200'],
    ['limpiar la carpeta de compilación', 'rm -rf ./dist'], ['comprobar el estado de Defender', 'Get-MpComputerStatus'], ['generar una nueva clave SSH', 'ssh-keygen -t ed25519'],
  ],
  frames: [
    { family: 'edu-tutorial-warning', subject: 'danger', templates: [
      [['Este comando aparece una y otra vez en foros y grupos de chat:', 'Un supuesto “truco” que circula por redes sociales:', 'Ojo con instrucciones como esta:'], ['{CMD}'], ['Nunca lo ejecutes.', '¡No lo ejecutes!', 'Bajo ningún concepto lo pegues en una terminal.'], ['Este comando {effect}.'], ['Quien te pida que lo ejecutes no tiene buenas intenciones.', 'Ningún soporte serio te pediría algo así.']],
    ] },
    { family: 'edu-flag-breakdown', subject: 'danger', templates: [
      [['Claro, vamos paso a paso:', 'Veamos el comando con calma:', 'Buena pregunta, por partes:'], ['{CMD}'], ['En resumen, este comando {effect}.', 'Este comando {effect}.'], ['En MITRE ATT&CK corresponde a la técnica {tech}.', 'Cada parte es una función normal de la shell; lo importante es la combinación.']],
    ] },
    { family: 'edu-incident-report', subject: 'danger', templates: [
      [['De nuestro informe de incidente ({ticket}):', 'Post-mortem del {date}:'], ['A las {time}, la cuenta comprometida {user} ejecutó este comando en un servidor de build:', 'Lo primero que hizo el atacante fue ejecutar:'], ['{CMD}'], ['Este comando {effect}.'], ['La conexión venía de {ip}; el host quedó aislado en {n} minutos.', 'El servidor se reinstaló y se rotaron todas las credenciales.']],
    ] },
    { family: 'edu-quiz', subject: 'danger', templates: [
      [['Pregunta {n}:', 'Ejercicio {n}:', 'Pregunta de examen:'], ['¿Qué ocurre si ejecutas {INLINE}?', 'Explica qué hace el siguiente comando: {CMD}'], ['Respuesta: este comando {effect}.', 'Solución: {effect} (ATT&CK {tech}).']],
    ] },
    { family: 'edu-defensive-howto', subject: 'danger', templates: [
      [['Tras el acceso inicial, los atacantes suelen ejecutar algo así:', 'Así se ve cuando alguien abusa de {img}:'], ['{CMD}'], ['Este comando {effect}.'], ['Para detectarlo, registra la creación de procesos con la línea de comandos completa y crea una alerta para este patrón.', 'Ejecuta periódicamente una búsqueda de este patrón en tus logs.']],
    ] },
    { family: 'edu-lure-analysis', subject: 'danger', templates: [
      [['La página de CAPTCHA falsa pide a los visitantes que abran {shell}, peguen lo que hay en el portapapeles y pulsen Enter. En el portapapeles hay esto:', 'El correo de phishing, disfrazado de aviso de TI, dice que la cuenta está comprometida y exige ejecutar de inmediato:'], ['{CMD}'], ['Este comando {effect}.'], ['La urgencia es deliberada: buscan que nadie pregunte.', 'El dominio del remitente tenía dos días.']],
    ] },
    { family: 'cmd-fix-framing', subject: 'danger', templates: [
      [['Suele deberse a una instalación incompleta.', 'Conozco ese error.', 'Es un problema conocido de esta versión.'], ['Para {pretext}, ejecuta esto:', 'La solución:', 'Se arregla así:'], ['{CMD}'], opt(['Este comando {effect}.'], 0.4), opt(WARN_CMD, 0.25), ['Después debería funcionar todo.', 'Luego reinicia la terminal.']],
    ] },
    { family: 'cmd-urgent-support', subject: 'danger', templates: [
      [['URGENTE:', 'Importante: hazlo ahora mismo.'], ['Nuestro sistema de monitorización ha detectado un problema en tu equipo.', 'Ha fallado una actualización en tu dispositivo.'], ['Abre {shell} y ejecuta lo siguiente de inmediato:'], ['{CMD}'], opt(WARN_CMD, 0.3), ['Responde al ticket {ticket} cuando termine.']],
    ] },
    { family: 'cmd-social-engineering', subject: 'danger', templates: [
      [['Tu cuenta ha sido comprometida.', 'Hemos detectado un inicio de sesión sospechoso.'], ['Para confirmar que eres el titular, ejecuta lo siguiente en las próximas 24 horas:', 'Para proteger tu cuenta, pega esto en {shell}:'], ['{CMD}'], opt(WARN_CMD, 0.3), ['\n\n– Equipo de Seguridad TI', '']],
    ] },
    { family: 'cmd-step-list', subject: 'danger', templates: [
      [['Sigue estos pasos:', 'Así se hace:'], [STEPS], ['\n4. Reinicia el equipo.\n\n'], opt(WARN_CMD, 0.25)],
    ] },
    { family: 'cmd-devops-advice', subject: 'danger', templates: [
      [['Truco de experto:', 'En nuestro equipo lo hacemos así:'], ['para {pretext}, basta con ejecutar:'], ['{CMD}'], opt(WARN_CMD, 0.25), ['Funciona en todos nuestros servidores.', 'Lo tenemos en el runbook.']],
    ] },
    { family: 'cmd-warning-wrapped', subject: 'danger', templates: [
      [LEADS, ['{CMD}'], ['Después debería funcionar.', 'Luego reinicia.']],
    ] },
    { family: 'txt-benign-howto', subject: 'benign', templates: [
      [['Para {purpose}, ejecuta:', 'Para {purpose}, basta con un comando:'], ['{CMD}'], ['Después debería funcionar todo.', 'Tarda solo unos segundos.', 'Luego reinicia la terminal.']],
    ] },
    { family: 'txt-imperative-benign', subject: 'benign', templates: [
      [['URGENTE:', 'Importante: hazlo ahora mismo.'], ['La build de main está rota.', 'El certificado de staging caduca esta noche.'], ['Abre {shell} y ejecuta lo siguiente de inmediato:'], ['{CMD}'], opt(WARN_TXT, 0.25), ['Responde al ticket {ticket} cuando termine.']],
      [['Sigue estos pasos:', 'Así se hace:'], [STEPS]],
    ] },
    { family: 'txt-caution-benign', subject: 'benign', templates: [
      [LEADS, ['{CMD}'], ['Después debería funcionar.', 'Luego recarga la página.']],
      [['Para {purpose}, ejecuta:'], ['{CMD}'], WARN_TXT],
    ] },
    { family: 'txt-explain-benign', subject: 'benign', templates: [
      [['Claro, vamos paso a paso:', 'Veamos el comando con calma:'], ['{CMD}'], ['Este comando sirve para {purpose}.', 'Se usa para {purpose}.', 'Este comando permite {purpose}.'], ['No hace nada más.', 'No cambia nada en el sistema que no se pueda deshacer.']],
    ] },
    { family: 'txt-quiz-benign', subject: 'benign', templates: [
      [['Pregunta {n}:', 'Ejercicio {n}:'], ['¿Qué ocurre si ejecutas {INLINE}?'], ['Respuesta: este comando sirve para {purpose}.', 'Respuesta: se usa para {purpose}.', 'Respuesta: permite {purpose}.']],
    ] },
    { family: 'txt-security-prose', subject: 'none', templates: [
      [['Cuando se reutilizan contraseñas, los atacantes casi nunca necesitan un exploit.', 'La mayoría de los robos de cuentas empiezan con una contraseña filtrada.'], ['Nunca uses la misma contraseña en varios servicios y activa la verificación en dos pasos en todas partes.', 'Un gestor de contraseñas y llaves físicas evitan casi todo.'], ['No abras adjuntos que no esperabas.', 'Si tienes dudas, pregunta a tu equipo de seguridad.']],
      [['Está circulando un correo de phishing que dice que tu cuenta ha sido comprometida.', 'Vuelven a aparecer páginas de CAPTCHA falsas.'], ['Nunca ejecutes comandos que te envíen por correo o chat.', 'Ningún soporte serio te pedirá que pegues algo en una terminal.'], ['Reenvía el mensaje al equipo de seguridad y bórralo.']],
      [['Las actualizaciones son la protección más eficaz.', 'Muchos ataques aprovechan fallos que tienen parche desde hace tiempo.'], ['Instala las actualizaciones de seguridad cuanto antes, sobre todo en los sistemas expuestos a internet.', 'Activa las actualizaciones automáticas siempre que puedas.'], ['Un servidor sin parchear es una puerta abierta para los atacantes.', 'Es aburrido, pero evita la mayoría de los incidentes.']],
    ] },
  ],
};
