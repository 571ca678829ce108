console.log("verdict");
