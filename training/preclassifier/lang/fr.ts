import { opt } from '../phrases.js';
import type { LangBank } from '../types.js';

/** French phrase bank. Commands stay in English; everything around them is written as a French speaker would. */

const WARN_CMD = [
  'Attention : cela prend quelques minutes, ne fermez pas la fenêtre.',
  'Votre antivirus risque de le signaler comme malveillant ; c’est un faux positif.',
  'Pas d’inquiétude, c’est sans danger.',
  'Ne sautez jamais cette étape, sinon le problème reviendra.',
  'Prudence : il faut des droits administrateur.',
  'Des attaquants exploitent déjà cette faille, alors n’attendez pas.',
  'Avertissement : l’écran peut clignoter un instant.',
];

const WARN_TXT = [
  'Attention : les modifications non enregistrées seront perdues.',
  'Prudence : les fichiers supprimés ne passent pas par la corbeille.',
  'Pas d’inquiétude, rien n’est supprimé.',
  'N’exécutez jamais npm avec sudo.',
  'Avertissement : le service sera indisponible quelques secondes.',
  'Les attaquants scannent sans cesse les ports ouverts, alors ne désactivez pas le pare-feu.',
];

const LEADS = [
  'Attention : cela redémarre le service, faites-le donc en dehors des heures de bureau :',
  'Pas d’inquiétude, c’est sans danger. Collez simplement ceci :',
  'Prudence, il faut des droits administrateur :',
  'Ça a l’air dangereux, mais c’est la solution habituelle :',
];

const STEPS = '\n\n1. Ouvrez {shell}.\n2. Collez cette ligne et appuyez sur Entrée : {INLINE}\n3. Attendez la fin de la commande.';

export const FR: LangBank = {
  lang: 'fr',
  perFrame: 15,
  shellName: {
    bash: ['un terminal', 'votre terminal'],
    powershell: ['PowerShell', 'PowerShell en tant qu’administrateur'],
    cmd: ['l’invite de commandes', 'une invite de commandes administrateur'],
  },
  effect: {
    download: ['télécharge un script depuis un serveur externe et l’exécute immédiatement avec vos droits', 'récupère du code sur Internet et le passe au shell sans aucune vérification'],
    revshell: ['ouvre une connexion vers une machine distante et lui donne un shell sur votre système', 'relie le shell à un serveur distant, qui peut alors exécuter n’importe quelle commande'],
    destroy: ['efface ou écrase des données de façon irréversible', 'détruit le système de fichiers, ou une grande partie, sans demander de confirmation'],
    persist: ['installe un mécanisme qui relance du code après chaque redémarrage', 'donne à un tiers un accès permanent au système'],
    creds: ['lit des mots de passe, des empreintes ou des clés enregistrés', 'collecte des identifiants et les envoie souvent à l’extérieur'],
    evasion: ['désactive des protections comme l’antivirus, le pare-feu ou la journalisation', 'coupe des fonctions de sécurité du système sans que cela se voie'],
    cleanup: ['efface les traces en supprimant les journaux ou l’historique des commandes', 'supprime les journaux pour qu’on ne puisse plus reconstituer ce qui s’est passé'],
    obfuscate: ['décode une charge cachée et l’exécute aussitôt, si bien que la vraie commande reste invisible', 'masque la vraie commande en Base64 puis l’exécute'],
    lolbin: ['détourne un programme intégré de Windows pour télécharger et exécuter du code étranger', 'utilise un outil système de confiance comme téléchargeur et lanceur'],
    cloud: ['obtient depuis un conteneur un accès à l’hôte ou aux identifiants cloud', 'lit les jetons d’accès de l’instance ou ouvre un shell aux droits étendus'],
  },
  pretext: {
    download: ['installer la dernière version', 'configurer l’agent de supervision', 'appliquer le correctif', 'installer les dépendances manquantes'],
    revshell: ['donner un accès à distance à notre équipe support', 'connecter le débogueur distant', 'vérifier que le port est joignable'],
    destroy: ['libérer de l’espace disque', 'remettre le système dans un état propre', 'vider entièrement le cache corrompu', 'nettoyer l’ancien disque avant la réinstallation'],
    persist: ['que l’agent redémarre automatiquement', 'rendre la correction permanente', 'que le support puisse se reconnecter plus tard'],
    creds: ['vérifier que vos identifiants sont bien synchronisés', 'sauvegarder la base des comptes avant la migration', 'récupérer vos mots de passe enregistrés'],
    evasion: ['empêcher l’antivirus de bloquer l’installation', 'vous débarrasser des fausses alertes', 'accélérer les compilations', 'écarter le pare-feu comme cause'],
    lolbin: ['enregistrer le composant mis à jour', 'installer le paquet de support en arrière-plan', 'télécharger le correctif avec un outil intégré à Windows'],
    cloud: ['vérifier la configuration de l’instance', 'déboguer directement sur le nœud', 'obtenir un shell root sur l’hôte'],
  },
  tasks: [
    ['installer les dépendances', 'npm install'], ['voir l’état du dépôt', 'git status'], ['lister tous les fichiers, y compris les fichiers cachés', 'ls -la'],
    ['voir les conteneurs en cours d’exécution', 'docker ps'], ['lister les pods du cluster', 'kubectl get pods -A'], ['redémarrer le serveur web', 'sudo systemctl restart nginx'],
    ['vérifier l’espace disque disponible', 'df -h'], ['installer le paquet requests', 'pip install requests'], ['vider le cache DNS', 'ipconfig /flushdns'],
    ['afficher la configuration réseau', 'ipconfig /all'], ['lister tous les fichiers du dossier', 'Get-ChildItem -Force'], ['réparer les fichiers système endommagés', 'sfc /scannow'],
    ['supprimer les anciens fichiers objets', 'rm build/*.o'], ['installer les dernières mises à jour', 'sudo apt update && sudo apt upgrade -y'], ['lire les journaux de l’API', 'kubectl logs deploy/api --tail=200'],
    ['nettoyer le dossier de build', 'rm -rf ./dist'], ['vérifier l’état de Defender', 'Get-MpComputerStatus'], ['générer une nouvelle clé SSH', 'ssh-keygen -t ed25519'],
  ],
  frames: [
    { family: 'edu-tutorial-warning', subject: 'danger', templates: [
      [['On voit cette commande passer régulièrement sur les forums et les groupes de discussion :', 'Une prétendue « astuce » qui circule sur les réseaux sociaux :', 'Méfiez-vous des instructions de ce genre :'], ['{CMD}'], ['Ne l’exécutez jamais.', 'Surtout, ne la lancez pas !', 'Ne la collez en aucun cas dans un terminal.'], ['Cette commande {effect}.'], ['La personne qui vous demande de la lancer ne vous veut pas du bien.', 'Aucun support sérieux ne vous demandera une chose pareille.']],
    ] },
    { family: 'edu-flag-breakdown', subject: 'danger', templates: [
      [['Bien sûr, voyons cela étape par étape :', 'Regardons la commande de plus près :', 'Bonne question, décomposons-la :'], ['{CMD}'], ['En résumé, cette commande {effect}.', 'Cette commande {effect}.'], ['Dans MITRE ATT&CK, cela correspond à la technique {tech}.', 'Chaque élément est une fonction ordinaire du shell ; c’est la combinaison qui compte.']],
    ] },
    { family: 'edu-incident-report', subject: 'danger', templates: [
      [['Extrait de notre rapport d’incident ({ticket}) :', 'Retour d’expérience du {date} :'], ['À {time}, le compte compromis {user} a exécuté cette commande sur un serveur de build :', 'La première action de l’attaquant a été de lancer :'], ['{CMD}'], ['Cette commande {effect}.'], ['La connexion venait de {ip} ; l’hôte a été isolé en {n} minutes.', 'Le serveur a été réinstallé et tous les identifiants ont été renouvelés.']],
    ] },
    { family: 'edu-quiz', subject: 'danger', templates: [
      [['Question {n} :', 'Exercice {n} :', 'Question d’examen :'], ['que se passe-t-il si l’on exécute {INLINE} ?', 'expliquez ce que fait la commande suivante : {CMD}'], ['Réponse : cette commande {effect}.', 'Corrigé : elle {effect} (ATT&CK {tech}).']],
    ] },
    { family: 'edu-defensive-howto', subject: 'danger', templates: [
      [['Après l’accès initial, les attaquants exécutent souvent ce genre de commande :', 'Voici à quoi cela ressemble quand quelqu’un détourne {img} :'], ['{CMD}'], ['Cette commande {effect}.'], ['Pour la détecter, journalisez la création de processus avec la ligne de commande complète et créez une alerte sur ce motif.', 'Lancez régulièrement une recherche de ce motif dans vos journaux.']],
    ] },
    { family: 'edu-lure-analysis', subject: 'danger', templates: [
      [['La fausse page CAPTCHA demande aux visiteurs d’ouvrir {shell}, de coller le contenu du presse-papiers et d’appuyer sur Entrée. Le presse-papiers contient :', 'L’e-mail d’hameçonnage, déguisé en message du service informatique, affirme que le compte est compromis et exige d’exécuter immédiatement :'], ['{CMD}'], ['Cette commande {effect}.'], ['L’urgence est voulue : personne ne doit prendre le temps de vérifier.', 'Le domaine de l’expéditeur avait deux jours.']],
    ] },
    { family: 'cmd-fix-framing', subject: 'danger', templates: [
      [['Cela vient généralement d’une installation incomplète.', 'Je connais cette erreur.', 'C’est un problème connu de cette version.'], ['Pour {pretext}, exécutez simplement ceci :', 'La solution :', 'Voici comment corriger cela :'], ['{CMD}'], opt(['Cette commande {effect}.'], 0.4), opt(WARN_CMD, 0.25), ['Ensuite, tout devrait refonctionner.', 'Redémarrez ensuite le terminal.']],
    ] },
    { family: 'cmd-urgent-support', subject: 'danger', templates: [
      [['URGENT :', 'Important – à faire immédiatement :'], ['Notre supervision a détecté un problème sur votre poste.', 'Une mise à jour a échoué sur votre appareil.'], ['Ouvrez {shell} et exécutez immédiatement :'], ['{CMD}'], opt(WARN_CMD, 0.3), ['Répondez au ticket {ticket} une fois terminé.']],
    ] },
    { family: 'cmd-social-engineering', subject: 'danger', templates: [
      [['Votre compte a été compromis.', 'Nous avons détecté une connexion suspecte.'], ['Pour confirmer que vous êtes bien le titulaire, exécutez ceci dans les 24 heures :', 'Pour protéger votre compte, collez ceci dans {shell} :'], ['{CMD}'], opt(WARN_CMD, 0.3), ['\n\n– L’équipe sécurité informatique', '']],
    ] },
    { family: 'cmd-step-list', subject: 'danger', templates: [
      [['Voici la marche à suivre :', 'Procédez ainsi :'], [STEPS], ['\n4. Redémarrez l’ordinateur.\n\n'], opt(WARN_CMD, 0.25)],
    ] },
    { family: 'cmd-devops-advice', subject: 'danger', templates: [
      [['Astuce de pro :', 'Chez nous, on fait comme ça :'], ['pour {pretext}, il suffit de lancer :'], ['{CMD}'], opt(WARN_CMD, 0.25), ['Ça marche sur tous nos serveurs.', 'C’est dans notre runbook.']],
    ] },
    { family: 'cmd-warning-wrapped', subject: 'danger', templates: [
      [LEADS, ['{CMD}'], ['Ensuite, ça devrait marcher.', 'Puis redémarrez.']],
    ] },
    { family: 'txt-benign-howto', subject: 'benign', templates: [
      [['Pour {purpose}, exécutez :', 'Pour {purpose}, une seule commande suffit :', 'Pour {purpose}, exécutez simplement ceci :'], ['{CMD}'], ['Ensuite, tout devrait fonctionner.', 'Cela ne prend que quelques secondes.', 'Redémarrez ensuite le terminal.']],
    ] },
    { family: 'txt-imperative-benign', subject: 'benign', templates: [
      [['URGENT :', 'Important – à faire immédiatement :'], ['Le build de main est cassé.', 'Le certificat de préproduction expire cette nuit.'], ['Ouvrez {shell} et exécutez immédiatement :'], ['{CMD}'], opt(WARN_TXT, 0.25), ['Répondez au ticket {ticket} une fois terminé.']],
      [['Voici la marche à suivre :', 'Procédez ainsi :'], [STEPS]],
    ] },
    { family: 'txt-caution-benign', subject: 'benign', templates: [
      [LEADS, ['{CMD}'], ['Ensuite, ça devrait marcher.', 'Puis rechargez la page.']],
      [['Pour {purpose}, exécutez :'], ['{CMD}'], WARN_TXT],
    ] },
    { family: 'txt-explain-benign', subject: 'benign', templates: [
      [['Bien sûr, voyons cela étape par étape :', 'Regardons la commande de plus près :'], ['{CMD}'], ['Cette commande sert à {purpose}.', 'Son rôle : {purpose}.', 'On l’utilise pour {purpose}.'], ['Elle ne fait rien d’autre.', 'Elle ne modifie rien d’irréversible sur le système.']],
    ] },
    { family: 'txt-quiz-benign', subject: 'benign', templates: [
      [['Question {n} :', 'Exercice {n} :'], ['que se passe-t-il si l’on exécute {INLINE} ?'], ['Réponse : cette commande sert à {purpose}.', 'Réponse : on s’en sert pour {purpose}.', 'Réponse : on l’utilise pour {purpose}.']],
    ] },
    { family: 'txt-security-prose', subject: 'none', templates: [
      [['Quand les mots de passe sont réutilisés, les attaquants n’ont presque jamais besoin d’un exploit.', 'La plupart des prises de contrôle de comptes commencent par un mot de passe divulgué.'], ['Ne réutilisez jamais le même mot de passe sur plusieurs services et activez la double authentification partout.', 'Un gestionnaire de mots de passe et des clés physiques bloquent l’essentiel.'], ['N’ouvrez pas les pièces jointes inattendues.', 'En cas de doute, demandez à votre équipe sécurité.']],
      [['Un e-mail d’hameçonnage circule en ce moment et prétend que votre compte a été compromis.', 'Les fausses pages CAPTCHA sont de retour.'], ['N’exécutez jamais de commandes reçues par e-mail ou par chat.', 'Aucun support sérieux ne vous demandera de coller quoi que ce soit dans un terminal.', 'Méfiez-vous de toute personne qui vous demande un accès à votre poste.'], ['Transférez le message à l’équipe sécurité, puis supprimez-le.']],
      [['Les mises à jour restent la meilleure protection.', 'Beaucoup d’attaques exploitent des failles corrigées depuis longtemps.'], ['Installez les mises à jour de sécurité rapidement, surtout sur les systèmes exposés à Internet.', 'Activez les mises à jour automatiques partout où c’est possible.'], ['Un serveur non corrigé est une porte ouverte pour les attaquants.', 'C’est ennuyeux, mais cela évite la plupart des incidents.']],
    ] },
  ],
};
